import Foundation
import MeterwatchCore
import MeterwatchDemo
import MeterwatchModbus

/// What `demo --secure` brings up before the server: a CA and a certificate for 127.0.0.1
/// (`LoopbackCertificates`, kept in the data folder), and the identity provider on a free loopback
/// port, as a child process stopped with the demo.
struct DemoSecure {
    let security: DemoSecurity
    let provider: ChildProcess

    static func start(in dir: String, port: Int, mock: String?) throws -> DemoSecure {
        let tls: LoopbackCertificates
        do {
            tls = try LoopbackCertificates.make(in: (dir as NSString).appendingPathComponent("tls"), authority: "Meterwatch demo CA")
        } catch {
            throw CLIError.toolFailed(error.description)
        }
        let binary =
            mock ?? ProcessInfo.processInfo.environment["MW_OIDC_MOCK"]
            ?? FileManager.default.currentDirectoryPath + "/.venv-oidc/bin/oidc-provider-mock"
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw CLIError.toolFailed(
                "--secure needs oidc-provider-mock (an OpenID Connect provider for loopback): `make demo DEMO_ARGS=--secure` installs "
                    + "it in .venv-oidc, or give --oidc-mock PATH")
        }
        let providerPort = freeLoopbackPort()
        var args = ["-p", "\(providerPort)", "--require-nonce", "true"]
        for p in DemoSecurity.people {
            var claims: [String: Any] = ["sub": p.sub, "name": p.name, "groups": p.groups]
            if let site = p.site { claims["site"] = site }
            args += ["--user-claims", String(decoding: try JSONSerialization.data(withJSONObject: claims), as: UTF8.self)]
        }
        let provider = try ChildProcess(binary, args)
        let issuer = "http://127.0.0.1:\(providerPort)"
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if let data = try? Data(contentsOf: URL(string: issuer + "/.well-known/openid-configuration")!), !data.isEmpty { break }
            usleep(100_000)
        }
        print("identity provider (oidc-provider-mock) at \(issuer)")
        return DemoSecure(
            security: DemoSecurity(certificate: tls.certificate, key: tls.key, caFile: tls.caFile, issuer: issuer, port: port),
            provider: provider)
    }
}

/// A child process stopped with SIGKILL (children started from Swift's worker threads block SIGTERM).
final class ChildProcess: Sendable {
    private let process: Process

    init(_ executable: String, _ args: [String]) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = args
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        process = p
    }

    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}
