import ArgumentParser
import Foundation
import MeterwatchCore
import MeterwatchServer

struct TokenNewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Make a random token (32 bytes); prints it once and the line for server.tokens (only the digest is kept).",
        discussion: """
            Scopes: read, import, kpis, ack, delete, admin, metrics, forward:SITE. Give a token the least it needs: an
            importing script --scopes import, a dashboard screen --scopes read. SIGHUP makes serve read the tokens again.
            """)
    @Option(help: "A name for the token (shown as who wrote, in the audit log).") var name: String
    @Option(help: "What it may do, comma-separated (default read).") var scopes: String = "read"
    @Option(help: "The last day it works (2027-06-30); without: it does not expire.") var expires: String?

    func run() throws {
        var parsed: [String] = []
        for text in scopes.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !text.isEmpty {
            do { parsed.append(try Permission.parse(text).description) } catch {
                throw CLIError.badOption("--scopes", "unknown scope '\(text)' (\(Permission.scopeNames))")
            }
        }
        guard !parsed.isEmpty else { throw CLIError.badOption("--scopes", "give at least one scope") }
        if let expires, TimeParser.parseDate(expires, allowROC: true) == nil {
            throw CLIError.badOption("--expires", "expected a date such as 2027-06-30")
        }
        var bytes = [UInt8](repeating: 0, count: 32)
        var rng = SystemRandomNumberGenerator()
        for i in bytes.indices { bytes[i] = UInt8.random(in: 0...255, using: &rng) }
        let token = "mw_" + bytes.map { String(format: "%02x", $0) }.joined()
        print("token (give it to the user; it is not stored): \(token)")
        print("add to meterwatch.yaml under server.tokens, then send serve SIGHUP (systemctl reload meterwatch):")
        let expiry = expires.map { ", expires: \($0)" } ?? ""
        print(
            "  - { name: \(name), sha256: \(TokenRegistry.hex(TokenRegistry.digest(token))), "
                + "scopes: [\(parsed.joined(separator: ", "))]\(expiry) }"
        )
    }
}
