import Foundation
import Testing

/// `docs/reference/cli.md` names every command `meterwatch --help` lists, so that a new command
/// cannot ship without its line in the reference.
@Suite struct CLIReferenceTests {
    @Test func everyCommandIsOnTheReferencePage() throws {
        let help = try CLIHarness().run(["--help"])
        #expect(help.status == 0)
        // The SUBCOMMANDS section ends at its first blank line (then comes "See 'meterwatch help …'").
        let section = help.stdout.components(separatedBy: "SUBCOMMANDS:").last?.components(separatedBy: "\n\n").first
        let listed = section?.split(separator: "\n").compactMap { line -> String? in
            // A command's line starts with two spaces and its name; wrapped abstracts are indented further.
            guard line.hasPrefix("  "), !line.hasPrefix("   ") else { return nil }
            return line.split(separator: " ").first.map(String.init)
        }
        let commands = try #require(listed)
        #expect(commands.count > 25 && commands.contains("open-data") && commands.contains("compare"), "\(commands)")
        let page = try String(
            contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("docs/reference/cli.md"), encoding: .utf8)
        for command in commands where command != "help" {
            #expect(page.contains("meterwatch \(command)"), "docs/reference/cli.md does not show `meterwatch \(command)`")
        }
    }
}
