import Foundation
import MeterwatchConfig
import NIOCore
import NIOSSL
import Synchronization

/// The server's certificate and key, read from `server.tls` and read again on SIGHUP: a renewed
/// certificate is served from the next handshake on, and no connection is dropped (the TLS
/// configuration asks for them per handshake, through NIOSSL's context callback).
public final class TLSCertificates: Sendable {
    let files: TLSFiles
    private let current: Mutex<(chain: [NIOSSLCertificate], key: NIOSSLPrivateKey)>

    public init(files: TLSFiles) throws {
        self.files = files
        current = Mutex(try Self.read(files))
    }

    public struct ReadError: Error, CustomStringConvertible {
        public var description: String
    }

    static func read(_ files: TLSFiles) throws -> (chain: [NIOSSLCertificate], key: NIOSSLPrivateKey) {
        let chain: [NIOSSLCertificate]
        do { chain = try NIOSSLCertificate.fromPEMFile(files.certificate) } catch {
            throw ReadError(description: "\(files.certificate): not a PEM certificate chain")
        }
        guard !chain.isEmpty else { throw ReadError(description: "\(files.certificate): no certificate in it") }
        let key: NIOSSLPrivateKey
        do { key = try NIOSSLPrivateKey(file: files.key, format: .pem) } catch {
            throw ReadError(description: "\(files.key): not a PEM private key")
        }
        return (chain, key)
    }

    /// Reads the files again; a bad pair keeps the one in use (the error says why).
    public func reload() throws {
        let fresh = try Self.read(files)
        current.withLock { $0 = fresh }
    }

    /// The certificate's subject and expiry, for the log.
    public var summary: String {
        let chain = current.withLock { $0.chain }
        return "\(files.certificate) (\(chain.count) certificate(s))"
    }

    /// TLS 1.2 or later with the current certificate, which each handshake asks for anew.
    public func serverConfiguration() -> TLSConfiguration {
        let (chain, key) = current.withLock { $0 }
        var c = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        c.minimumTLSVersion = .tlsv12
        if let clientCA = files.clientCA {
            // Edges show a certificate of the city's CA (forward.client_cert); browsers show none.
            c.certificateVerification = .optionalVerification
            c.trustRoots = .file(clientCA)
        }
        c.sslContextCallback = { [self] _, promise in
            let (chain, key) = self.current.withLock { $0 }
            var override = NIOSSLContextConfigurationOverride()
            override.certificateChain = chain.map { .certificate($0) }
            override.privateKey = .privateKey(key)
            promise.succeed(override)
        }
        return c
    }
}
