import Foundation

/// The release `meterwatch serve --no-collect` the HTTP and forwarding benchmarks drive, on a
/// random loopback port; the caller stops it with `stop`.
enum BenchServer {
    static func start(binary: String, config: String) throws -> (process: Process, port: Int) {
        let port = Int.random(in: 20_000...40_000)
        let server = Process()
        server.executableURL = URL(fileURLWithPath: binary)
        server.arguments = ["serve", "--config", config, "--port", String(port), "--no-collect"]
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        return (server, port)
    }

    static func stop(_ server: Process) {
        server.terminate()
        server.waitUntilExit()
    }
}
