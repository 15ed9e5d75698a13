import ArgumentParser
import MeterwatchServer

struct TokenHashCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hash", abstract: "The SHA-256 line for an existing token read from standard input.")
    @Option(help: "The token's name.") var name: String
    func run() throws {
        guard let token = readLine(strippingNewline: true), token.count >= 16 else {
            throw CLIError.tokenMissing
        }
        print("  - { name: \(name), sha256: \(TokenRegistry.hex(TokenRegistry.digest(token))) }")
    }
}
