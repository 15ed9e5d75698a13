import Foundation
import Testing

/// The tutorial (`docs/tutorial/first-building.md`) as a reader follows it: every `sh` block runs in
/// order, in one shell, in an empty folder, with the built `meterwatch` on the PATH; every `text`
/// block is output the commands must print, line for line.
@Suite struct TutorialCLITests {
    static let page = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/tutorial/first-building.md")

    /// The fenced blocks of `language`, in order.
    static func blocks(_ language: String, in text: String) -> [String] {
        var found: [String] = []
        var current: [Substring]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if let lines = current {
                if line == "```" {
                    found.append(lines.joined(separator: "\n"))
                    current = nil
                } else {
                    current = lines + [line]
                }
            } else if line == "```\(language)" {
                current = []
            }
        }
        return found
    }

    @Test func everyCommandOfTheTutorialRunsAndPrintsWhatThePageShows() throws {
        let text = try String(contentsOf: Self.page, encoding: .utf8)
        let commands = Self.blocks("sh", in: text)
        let outputs = Self.blocks("text", in: text)
        #expect(commands.count >= 5 && outputs.count >= 4, "the tutorial lost its steps")
        let cli = try CLIHarness()
        let binaryFolder = URL(fileURLWithPath: CLIHarness.binary).deletingLastPathComponent().path
        let path = binaryFolder + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let run = try CLIHarness.tool(
            "/bin/bash", ["-e", "-c", commands.joined(separator: "\n")], environment: ["PATH": path, "LANG": "C.UTF-8"], directory: cli.dir,
            mergeErrors: true)
        #expect(run.status == 0, "\(run.output)")
        let printed = Set(run.output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) })
        for output in outputs {
            for line in output.split(separator: "\n") where !line.trimmingCharacters(in: .whitespaces).isEmpty {
                #expect(printed.contains(line.trimmingCharacters(in: .whitespaces)), "the tutorial shows a line nobody printed: \(line)")
            }
        }
        // The figure the tutorial promises: the seed's half-year, to the digit.
        #expect(run.output.contains("| 用電量（度） | 11,519,200 | 11,663,200 | -144,000 | -1.23% |  |"))
    }
}
