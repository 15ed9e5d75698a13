import NIOSSL

/// The TLS a connection to another server uses: the CAs its certificate must chain to, and our
/// own certificate when it asks for one (mutual TLS).
public struct OutboundTLS: Sendable, Hashable {
    /// PEM bundle of trusted CAs (nil: the system's).
    public var caFile: String?
    /// Our certificate chain and key (PEM), offered when the server asks.
    public var clientCertificate: String?
    public var clientKey: String?

    public init(caFile: String? = nil, clientCertificate: String? = nil, clientKey: String? = nil) {
        self.caFile = caFile
        self.clientCertificate = clientCertificate
        self.clientKey = clientKey
    }

    /// TLS 1.2 or later, the certificate verified and named for the host.
    func configuration() throws -> TLSConfiguration {
        var c = TLSConfiguration.makeClientConfiguration()
        c.minimumTLSVersion = .tlsv12
        c.certificateVerification = .fullVerification
        if let caFile { c.trustRoots = .file(caFile) }
        if let clientCertificate, let clientKey {
            c.certificateChain = try NIOSSLCertificate.fromPEMFile(clientCertificate).map { .certificate($0) }
            c.privateKey = .privateKey(try NIOSSLPrivateKey(file: clientKey, format: .pem))
        }
        return c
    }
}
