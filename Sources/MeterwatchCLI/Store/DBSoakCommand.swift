import ArgumentParser
import Foundation
import MeterwatchCore
import MeterwatchStore

/// Writes synthetic counter batches in live order, printing a line after each commit. Used by
/// the crash test (a SIGKILL mid-ingest must keep every batch reported here) and to measure a
/// disk's sustained ingest rate.
struct DBSoakCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "soak", abstract: "Write synthetic batches, reporting each commit (crash tests, disk checks).", shouldDisplay: false)
    @OptionGroup var site: SiteOptions
    @Option(help: "Number of batches.") var batches: Int = 1000
    @Option(help: "Readings per series per batch.") var batchSize: Int = 1440
    @Option(help: "Series written in each batch.") var series: Int = 4

    func run() throws {
        let store = try site.open().store
        let ids = try (0..<series).map { i in
            try store.ensureSeries(SeriesKey(meter: "soak-\(i)", quantity: .energyImport), kind: .counter, unit: "kWh").id
        }
        let t0: Int64 = 1_546_300_800_000  // 2019-01-01T00:00Z
        for b in 0..<batches {
            var batch: [Int64: [Sample]] = [:]
            for (k, id) in ids.enumerated() {
                batch[id] = (0..<batchSize).map { j in
                    let n = Int64(b * batchSize + j)
                    return Sample(ms: t0 + n * msPerMinute, value: Double(n) * Double(k + 1))
                }
            }
            try store.append(batch)
            FileHandle.standardOutput.write(Data("committed \(b + 1)\n".utf8))
        }
    }
}
