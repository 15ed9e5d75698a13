import Foundation
import Testing

/// An import bigger than the memory it may use: streamed from standard input, in bounded memory,
/// all of it stored.
@Suite struct LargeImportCLITests {
    /// 150 MB: the resident memory an import may reach, whatever the input's size.
    static let capKB = 150 * 1024

    @Test func aFileLargerThanTheMemoryCapIsStreamed() throws {
        let cli = try CLIHarness()
        try cli.write(
            "meterwatch.yaml",
            """
            site: { name: Large, timezone: UTC }
            storage: { path: store.sqlite }
            plausibility: { history_start: 2000-01-01 }
            meters:
              - { id: m1, category: electricity, unit: Wh }
            """)
        // 170,000 minute readings, each row padded with spaces after its last field (trimmed on
        // reading), so that the file (≈ 160 MB) is larger than the cap without a slow test.
        let path = cli.dir + "/large.csv"
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        let out = try #require(FileHandle(forWritingAtPath: path))
        let pad = [UInt8](repeating: 0x20, count: 900)
        out.write(Data("meter,time,value,quantity\n".utf8))
        let rows = 170_000
        var chunk: [UInt8] = []
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        for i in 0..<rows {
            // 2024-01-01 onwards, a minute apart (January to April: days stay below 29 per month here).
            let day = i / 1440
            let month = day / 28 + 1
            let time = "2024-\(two(month))-\(two(day % 28 + 1))T\(two(i % 1440 / 60)):\(two(i % 60)):00Z"
            chunk += Array("m1,\(time),\(i / 10).\(i % 10),energy_import".utf8)
            chunk += pad
            chunk.append(0x0A)
            if i % 5_000 == 4_999 {
                out.write(Data(chunk))
                chunk.removeAll(keepingCapacity: true)
            }
        }
        out.write(Data(chunk))
        try out.close()
        let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        #expect(size > Self.capKB * 1024)

        // Through standard input, under /usr/bin/time for the peak resident memory.
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/time")
        p.arguments = ["-f", "maxrss=%M", CLIHarness.binary, "import", "readings", "-"]
        p.currentDirectoryURL = URL(fileURLWithPath: cli.dir)
        p.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        let stdout = Pipe()
        let stderr = Pipe()
        p.standardOutput = stdout
        p.standardError = stderr
        try p.run()
        let o = String(decoding: stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let e = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "\(e)")
        #expect(o.contains("stdin: \(rows) rows (UTF-8): \(rows) new"), "\(o)")
        let rss = try #require(e.split(separator: "\n").last { $0.hasPrefix("maxrss=") }.flatMap { Int($0.dropFirst(7)) })
        #expect(rss < Self.capKB, "peak resident memory \(rss) KB")
        let stats = try #require(try cli.json(["db", "stats", "--format", "json"]) as? [String: Any])
        #expect(stats["samples"] as? Int == rows)
    }
}
