import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchDevices
import MeterwatchModbus
import Testing

let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized.path
let devicesDirectory = "\(repoRoot)/Devices"

func shippedProfile(_ id: String) throws -> DeviceProfile { try DeviceProfile.load(path: "\(devicesDirectory)/\(id).yaml") }

func temporaryDirectory() throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mw-modbus-\(UUID().uuidString.prefix(8))").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}

/// A simulator on a loopback port, stopped when the test ends.
final class RunningSimulator {
    let simulator: ModbusSimulator
    let endpoint: LinkEndpoint
    init(_ specs: [SimulatedDeviceSpec], endpoint: LinkEndpoint? = nil) throws {
        self.endpoint = endpoint ?? .tcp(host: "127.0.0.1", port: freeLoopbackPort())
        simulator = ModbusSimulator(endpoint: self.endpoint)
        try simulator.start(specs)
    }
    deinit {
        simulator.stop()
        usleep(250_000)
    }
}

/// A child process (socat, the pymodbus peer), killed when the test ends.
final class ChildProcess {
    let process = Process()
    let output = Pipe()
    init(_ executable: String, _ arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = output
        process.standardError = output
        try process.run()
    }
    /// Waits until the process printed `marker` (or fails after `seconds`).
    func waitFor(_ marker: String, seconds: Double = 20) throws {
        let deadline = Date().addingTimeInterval(seconds)
        var seen = ""
        let fd = output.fileHandleForReading.fileDescriptor
        while Date() < deadline {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            if poll(&pfd, 1, 100) > 0 {
                var buf = [UInt8](repeating: 0, count: 4096)
                let n = read(fd, &buf, buf.count)
                if n > 0 { seen += String(decoding: buf[0..<n], as: UTF8.self) }
                if n == 0 { break }
            }
            if seen.contains(marker) { return }
            if !process.isRunning { break }
        }
        throw PeerError("\(process.executableURL!.lastPathComponent) did not print '\(marker)': \(seen)")
    }
    deinit {
        // SIGKILL without waiting: Foundation reaps the child (waitUntilExit can hang off the main thread).
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        usleep(100_000)
    }
}

struct PeerError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// socat's pseudo-terminal pair: the simulator or peer opens `a`, the client `b`.
final class PtyPair {
    let socat: ChildProcess
    let a: String, b: String
    init(in dir: String) throws {
        a = "\(dir)/ttyV0"
        b = "\(dir)/ttyV1"
        guard let socatPath = which("socat") else { throw PeerError("socat is not installed (make deps installs it)") }
        socat = try ChildProcess(socatPath, ["-d", "-d", "pty,raw,echo=0,link=\(a)", "pty,raw,echo=0,link=\(b)"])
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline && !(FileManager.default.fileExists(atPath: a) && FileManager.default.fileExists(atPath: b)) {
            usleep(20_000)
        }
        guard FileManager.default.fileExists(atPath: b) else { throw PeerError("socat did not create \(a) and \(b)") }
    }
}

func which(_ name: String) -> String? {
    for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
        let p = "\(dir)/\(name)"
        if FileManager.default.isExecutableFile(atPath: p) { return p }
    }
    return nil
}

/// The Python with pymodbus that `make peers` installs (or MW_PYTHON).
func peerPython() throws -> String {
    if let p = ProcessInfo.processInfo.environment["MW_PYTHON"] { return p }
    let venv = "\(repoRoot)/.venv-peers/bin/python3"
    guard FileManager.default.isExecutableFile(atPath: venv) else {
        throw PeerError("no Python with pymodbus: run `make peers` (creates .venv-peers) or set MW_PYTHON")
    }
    return venv
}
