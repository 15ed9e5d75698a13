import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchDevices
import MeterwatchEngine
import MeterwatchImport
import MeterwatchServer
import MeterwatchStore

/// The entrances fuzzed by `make fuzz` (libFuzzer), each a function from arbitrary bytes to an
/// outcome. Whatever the bytes, a function returns: it never traps. Crashers found become files
/// under `Tests/Fuzz/regressions/<target>/`, replayed by `make test`.
///
/// ```swift
/// FuzzTarget.period.run(Data("roc:108H2".utf8))   // .accepted
/// FuzzTarget.config.run(Data("site: [".utf8))     // .rejected
/// ```
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// Readings, fuel-log and temperature CSV imports into a real store (first byte: which, and --skip-invalid).
    case csv
    /// `meterwatch.yaml` and device profiles (first byte: which).
    case config
    /// Modbus register decoding of every shipped profile's points (first two bytes: which point).
    case registers
    /// Periods, baselines, instants, dates and durations as users type them.
    case period
    /// The API's JSON request bodies.
    case json

    public enum Outcome: Sendable, Equatable { case accepted, rejected }

    public func run(_ data: Data) -> Outcome {
        switch self {
        case .csv: CSVFuzz.run(data)
        case .config: ConfigFuzz.run(data)
        case .registers: RegisterFuzz.run(data)
        case .period: PeriodFuzz.run(data)
        case .json: JSONBodyFuzz.run(data)
        }
    }
}
