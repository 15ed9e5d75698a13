import Foundation

/// A throwaway certificate authority made with the openssl CLI, and certificates it signs: what a
/// city's IT would hand out, for the tests' TLS listeners, edges and PostgreSQL.
///
/// ```swift
/// let ca = try TestCA(in: dir, name: "city")
/// let server = try ca.issue("central", ips: ["127.0.0.1"])      // server.pem, server-key.pem
/// let edge = try ca.issue("library-edge", client: true)
/// ```
public struct TestCA: Sendable {
    public let dir: String
    public let name: String
    public var certificate: String { "\(dir)/\(name)-ca.pem" }
    var key: String { "\(dir)/\(name)-ca-key.pem" }

    public struct Issued: Sendable {
        public let certificate: String
        public let key: String
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
    }

    public init(in dir: String, name: String) throws {
        self.dir = dir
        self.name = name
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try Self.openssl([
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key, "-out", certificate,
            "-days", "30", "-subj", "/CN=\(name) test CA", "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        ])
    }

    /// A certificate for `hosts` and `ips` (server) or a client certificate, signed by this CA.
    public func issue(
        _ subject: String, hosts: [String] = ["localhost"], ips: [String] = ["127.0.0.1"], client: Bool = false, serial: Int? = nil
    )
        throws -> Issued
    {
        let cert = "\(dir)/\(subject).pem"
        let key = "\(dir)/\(subject)-key.pem"
        let csr = "\(dir)/\(subject).csr"
        let ext = "\(dir)/\(subject).ext"
        try Self.openssl([
            "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key, "-out", csr, "-subj", "/CN=\(subject)",
        ])
        let names = (hosts.map { "DNS:\($0)" } + ips.map { "IP:\($0)" }).joined(separator: ",")
        let usage = client ? "extendedKeyUsage=clientAuth" : "extendedKeyUsage=serverAuth\nsubjectAltName=\(names)"
        try "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n\(usage)\n".write(
            toFile: ext, atomically: true, encoding: .utf8)
        var args = ["x509", "-req", "-in", csr, "-CA", certificate, "-CAkey", self.key, "-out", cert, "-days", "30", "-extfile", ext]
        args += serial.map { ["-set_serial", String($0)] } ?? ["-CAcreateserial"]
        try Self.openssl(args)
        return Issued(certificate: cert, key: key)
    }

    @discardableResult
    static func openssl(_ args: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        p.arguments = args
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard p.terminationStatus == 0 else { throw Failure(description: "openssl \(args.first ?? ""): \(text)") }
        return text
    }

    /// The SHA-256 of a certificate's public key, base64 (Chromium's `--ignore-certificate-errors-spki-list`).
    public static func spkiHash(_ certificate: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = [
            "-c",
            "openssl x509 -in '\(certificate)' -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64",
        ]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
