import Foundation

/// A throwaway CA and a certificate for 127.0.0.1 and localhost signed by it, made with the openssl
/// CLI: what the demo, the soak and the bench serve HTTPS with. Files already in the folder are kept,
/// so a restarted demo keeps the CA a browser was told to trust.
///
/// ```swift
/// let tls = try LoopbackCertificates.make(in: dir + "/tls", authority: "Meterwatch demo CA")
/// // tls.caFile for clients (curl --cacert), tls.certificate and tls.key for server.tls
/// ```
public struct LoopbackCertificates: Sendable {
    public var caFile: String
    public var certificate: String
    public var key: String

    /// Why openssl could not make them (the CLI missing, or a step failed).
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    public static func make(in dir: String, authority: String, days: Int = 365) throws(Failure) -> LoopbackCertificates {
        let out = LoopbackCertificates(caFile: "\(dir)/ca.pem", certificate: "\(dir)/server.pem", key: "\(dir)/server-key.pem")
        if FileManager.default.fileExists(atPath: out.certificate) && FileManager.default.fileExists(atPath: out.key) { return out }
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n".write(
                toFile: "\(dir)/server.ext", atomically: true, encoding: .utf8)
        } catch {
            throw Failure(description: "cannot write \(dir): \(error.localizedDescription)")
        }
        let curve = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]
        try openssl(
            ["req", "-x509"] + curve + [
                "-keyout", "\(dir)/ca-key.pem", "-out", out.caFile, "-days", "\(days)", "-subj", "/CN=\(authority)",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign",
            ])
        try openssl(["req"] + curve + ["-keyout", out.key, "-out", "\(dir)/server.csr", "-subj", "/CN=127.0.0.1"])
        try openssl([
            "x509", "-req", "-in", "\(dir)/server.csr", "-CA", out.caFile, "-CAkey", "\(dir)/ca-key.pem", "-CAcreateserial",
            "-out", out.certificate, "-days", "\(days)", "-extfile", "\(dir)/server.ext",
        ])
        return out
    }

    static func openssl(_ args: [String]) throws(Failure) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        p.arguments = args
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { throw Failure(description: "the openssl CLI is not installed (apt-get install openssl)") }
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw Failure(description: "openssl \(args[0]) failed") }
    }
}
