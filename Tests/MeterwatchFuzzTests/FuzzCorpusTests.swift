import Foundation
import MeterwatchFuzzTargets
import Testing

/// Replays the fuzz corpus on every `make test`: the seeds (valid inputs, which must be accepted)
/// and every crasher `make fuzz` ever found (which must now return, whatever their outcome).
@Suite struct FuzzCorpusTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../Fuzz").standardized.path

    static func files(_ kind: String, _ target: FuzzTarget) -> [String] {
        let dir = "\(root)/\(kind)/\(target.rawValue)"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.sorted().map { "\(dir)/\($0)" }
    }

    @Test(arguments: FuzzTarget.allCases)
    func seedsAreAccepted(target: FuzzTarget) throws {
        let seeds = Self.files("seeds", target)
        #expect(!seeds.isEmpty, "no seeds for \(target)")
        for path in seeds {
            let data = try #require(FileManager.default.contents(atPath: path))
            #expect(target.run(data) == .accepted, "\(path)")
        }
    }

    @Test(arguments: FuzzTarget.allCases)
    func crashersFoundByTheFuzzerNowReturn(target: FuzzTarget) throws {
        for path in Self.files("regressions", target) {
            let data = try #require(FileManager.default.contents(atPath: path))
            // Reaching the next line is the test: these inputs used to trap.
            _ = target.run(data)
        }
    }

    /// Inputs that once broke things, kept as values beside the fuzzer's files.
    @Test func knownHostileInputsAreRejected() {
        #expect(FuzzTarget.csv.run(Data("\u{0}meter,time,value\ne,2502-01-01T00:00:00+08:00,999\n".utf8)) == .rejected)
        #expect(FuzzTarget.csv.run(Data("\u{0}meter,time,value,quantity\nu,2026-11-20T00:00:00+08:00,5e9,ups_status\n".utf8)) == .rejected)
        #expect(FuzzTarget.csv.run(Data("\u{0}meter,start,end,value\nf,1990-01-01,2026-01-01,5\n".utf8)) == .rejected)
        #expect(
            FuzzTarget.config.run(Data("\u{0}site: { timezone: UTC }\nserver: { max_body: 99999999999999999999MB }\n".utf8)) == .rejected)
        #expect(FuzzTarget.config.run(Data("\u{0}site: { timezone: UTC }\nalerts: { evaluate_every: 1e300d }\n".utf8)) == .rejected)
        #expect(FuzzTarget.json.run(Data(#"{"actual": 1e999}"#.utf8)) == .rejected)
        #expect(FuzzTarget.period.run(Data("99999999999999999999H2".utf8)) == .rejected)
    }
}
