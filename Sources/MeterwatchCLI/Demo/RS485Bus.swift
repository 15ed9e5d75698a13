import Foundation

/// Two linked pseudo-terminals from socat: the simulator holds one end, the collector the other,
/// as if both sat on one RS-485 pair.
final class RS485Bus: Sendable {
    let simulatorSide: String
    let collectorSide: String
    private let process: Process

    private init(simulatorSide: String, collectorSide: String, process: Process) {
        self.simulatorSide = simulatorSide
        self.collectorSide = collectorSide
        self.process = process
    }

    /// nil when socat is not installed.
    static func open(in directory: String) throws -> RS485Bus? {
        guard
            let socat = ["/usr/bin/socat", "/usr/local/bin/socat", "/bin/socat"].first(where: {
                FileManager.default.isExecutableFile(atPath: $0)
            })
        else { return nil }
        let a = (directory as NSString).appendingPathComponent("rs485-simulator")
        let b = (directory as NSString).appendingPathComponent("rs485-collector")
        for p in [a, b] { try? FileManager.default.removeItem(atPath: p) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: socat)
        p.arguments = ["pty,raw,echo=0,link=\(a)", "pty,raw,echo=0,link=\(b)"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline {
            if FileManager.default.fileExists(atPath: a) && FileManager.default.fileExists(atPath: b) {
                return RS485Bus(simulatorSide: a, collectorSide: b, process: p)
            }
            usleep(20_000)
        }
        p.terminate()
        throw CLIError.toolFailed("socat did not create the RS-485 pseudo-terminals \(a) and \(b) within 5 s")
    }

    /// SIGKILL: children started from Swift's worker threads inherit a mask that blocks SIGTERM.
    func close() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}
