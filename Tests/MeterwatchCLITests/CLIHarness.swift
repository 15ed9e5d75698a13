import Foundation
import MeterwatchTestSupport

/// Runs the real `meterwatch` binary built by SwiftPM, in a temporary working folder.
final class CLIHarness {
    /// Removed with everything in it when this is released.
    let folder: TemporaryFolder
    let dir: String

    static var binary: String {
        if let env = ProcessInfo.processInfo.environment["METERWATCH_BIN"] { return env }
        // The test bundle sits next to the products in .build/<config>/.
        let bundleDir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path
        for candidate in [bundleDir + "/meterwatch", bundleDir + "/../meterwatch"]
        where FileManager.default.isExecutableFile(atPath: candidate) {
            return candidate
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        return root + "/.build/debug/meterwatch"
    }

    init() throws {
        folder = try TemporaryFolder("mw-cli")
        dir = folder.path
    }

    func write(_ name: String, _ text: String) throws { try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8) }
    func write(_ name: String, _ data: Data) throws { try data.write(to: URL(fileURLWithPath: dir + "/" + name)) }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    @discardableResult
    /// `environment`: variables added to this process's.
    func run(_ args: [String], environment: [String: String] = [:], input: String? = nil) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.binary)
        p.arguments = args
        p.currentDirectoryURL = URL(fileURLWithPath: dir)
        if !environment.isEmpty { p.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new } }
        let stdin = Pipe()
        if input != nil { p.standardInput = stdin }
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        if let input {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try stdin.fileHandleForWriting.close()
        }
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    func json(_ args: [String]) throws -> Any {
        let r = try run(args)
        guard r.status == 0 else {
            throw NSError(domain: "cli", code: Int(r.status), userInfo: [NSLocalizedDescriptionKey: r.stderr + r.stdout])
        }
        return try JSONSerialization.jsonObject(with: Data(r.stdout.utf8))
    }

    /// Runs any program to its end: its exit status and its standard output (and standard error
    /// when `mergeErrors`), with `input` on its standard input.
    static func tool(
        _ executable: String, _ arguments: [String], input: String? = nil, environment: [String: String]? = nil,
        directory: String? = nil, mergeErrors: Bool = false
    ) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        if let environment { p.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new } }
        if let directory { p.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe()
        p.standardOutput = out
        if mergeErrors { p.standardError = out }
        let stdin = Pipe()
        if input != nil { p.standardInput = stdin }
        try p.run()
        if let input {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try stdin.fileHandleForWriting.close()
        }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
