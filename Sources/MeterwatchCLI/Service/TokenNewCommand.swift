import ArgumentParser
import Foundation
import MeterwatchServer

struct TokenNewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new", abstract: "Make a random token; prints it once and the line for server.tokens (only the digest is kept).")
    @Option(help: "A name for the token (shown as who wrote).") var name: String
    func run() throws {
        var bytes = [UInt8](repeating: 0, count: 32)
        var rng = SystemRandomNumberGenerator()
        for i in bytes.indices { bytes[i] = UInt8.random(in: 0...255, using: &rng) }
        let token = "mw_" + bytes.map { String(format: "%02x", $0) }.joined()
        print("token (give it to the user; it is not stored): \(token)")
        print("add to meterwatch.yaml under server.tokens:")
        print("  - { name: \(name), sha256: \(TokenVerifier.hex(TokenVerifier.digest(token))) }")
    }
}
