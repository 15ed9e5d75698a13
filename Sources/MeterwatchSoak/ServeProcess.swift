import Foundation

/// One `meterwatch serve` under test, its output appended to a log file (nothing to drain).
final class ServeProcess {
    let process = Process()
    let logPath: String
    let startedAt = Date()

    init(binary: String, config: String, port: Int, logPath: String, environment: [String: String]) throws {
        self.logPath = logPath
        if !FileManager.default.fileExists(atPath: logPath) {
            guard FileManager.default.createFile(atPath: logPath, contents: nil) else { throw SoakError("cannot create \(logPath)") }
        }
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        log.seekToEndOfFile()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["serve", "--config", config, "--port", String(port)]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = log
        process.standardError = log
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }

    /// Waits until the server listens (its "serving http://" or "https://" line since `since` bytes of the log).
    func waitUntilServing(since offset: Int, seconds: Double = 60) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let data = FileManager.default.contents(atPath: logPath), data.count > offset,
                String(decoding: data[offset...], as: UTF8.self).contains("serving http")
            {
                return
            }
            guard process.isRunning else { break }
            usleep(50_000)
        }
        throw SoakError("serve did not start: see \(logPath)")
    }

    /// Resident memory in MiB (VmRSS), nil once the process is gone.
    var residentMiB: Double? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let kb = Double(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        else { return nil }
        return kb / 1024
    }

    func kill(_ signal: Int32) {
        Glibc.kill(pid, signal)
    }

    /// SIGTERM and a bounded wait for a graceful stop.
    func stop(seconds: Double = 60) -> Bool {
        kill(SIGTERM)
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        return !process.isRunning
    }

    func waitUntilGone() {
        while process.isRunning { usleep(10_000) }
    }
}
