/// A certificate chain and its private key, in PEM files (`server.tls`, `forward.client_cert`).
public struct TLSFiles: Sendable, Hashable {
    public var certificate: String
    public var key: String
    /// A server's: the CA its clients' certificates must chain to, when it asks for them (edges'
    /// mutual TLS); a client that shows none is still served, but may not forward.
    public var clientCA: String?

    public init(certificate: String, key: String, clientCA: String? = nil) {
        self.certificate = certificate
        self.key = key
        self.clientCA = clientCA
    }
}
