import ArgumentParser
import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchEngine
import MeterwatchImport
import MeterwatchModbus
import MeterwatchPostgres
import MeterwatchStore

/// The one place errors become exit statuses (sysexits.h) and messages worded for the command
/// line: options, not API parameters.
///
/// | status | meaning |
/// |---|---|
/// | 64 | usage: a bad option or period (`EX_USAGE`) |
/// | 65 | the input or the stored data cannot answer (`EX_DATAERR`) |
/// | 66 | what was asked for does not exist: a meter, a series, an alert (`EX_NOINPUT`) |
/// | 69 | a device or tool did not answer (`EX_UNAVAILABLE`) |
/// | 74 | the store cannot be read or written (`EX_IOERR`) |
/// | 78 | the configuration or a profile is wrong (`EX_CONFIG`) |
struct ExitStatus {
    let code: Int32
    let message: String

    static let usage: Int32 = 64
    static let dataError: Int32 = 65
    static let notFound: Int32 = 66
    static let unavailable: Int32 = 69
    static let ioError: Int32 = 74
    static let configError: Int32 = 78

    /// nil for ArgumentParser's own errors (help, usage), which it reports itself.
    static func of(_ error: any Error) -> ExitStatus? {
        switch error {
        case let e as CLIError:
            return ExitStatus(code: code(e), message: e.description)
        case let e as EngineError:
            return ExitStatus(code: code(e.kind), message: e.phrase.text(.en) + hint(e.hint))
        case let e as Period.ParseError:
            return ExitStatus(code: usage, message: "--period: \(e.description)")
        case let e as TimeParser.ParseError:
            return ExitStatus(code: usage, message: e.description)
        case let e as ConfigError:
            return ExitStatus(code: configError, message: e.description)
        case let f as ImportFailure:
            return ExitStatus(code: dataError, message: f.description)
        case let e as InputError:
            return ExitStatus(code: dataError, message: e.description)
        case let e as ReadingsRepair.Failure:
            if case .ambiguous = e {
                return ExitStatus(code: usage, message: e.description + " (--quantity)")
            }
            return ExitStatus(code: notFound, message: e.description)
        case let e as AlertStoreError:
            if case .notFound = e {
                return ExitStatus(code: notFound, message: e.description)
            }
            return ExitStatus(code: dataError, message: e.description)
        case let e as StoreError:
            switch e {
            case .unknownSeries: return ExitStatus(code: notFound, message: e.description)
            case .timeZoneChanged: return ExitStatus(code: configError, message: e.description)
            default: return ExitStatus(code: dataError, message: "nothing was stored: \(e)")
            }
        case let e as ModbusError:
            return ExitStatus(code: unavailable, message: e.description)
        case let e as PostgresStoreError:
            switch e {
            case .badURL: return ExitStatus(code: configError, message: e.description)
            case .unreachable: return ExitStatus(code: unavailable, message: e.description)
            case .query, .newerSchema: return ExitStatus(code: ioError, message: e.description)
            }
        default:
            return nil
        }
    }

    static func code(_ e: CLIError) -> Int32 {
        switch e {
        case .badOption, .emptyRange, .tokenMissing: usage
        case .unknownMeter, .unknownSite, .noSeries, .unknownKPI, .unknownRule, .noSuchAlert, .noStoreFolder: notFound
        case .noRules, .nothingToCollect, .noForward, .noProfile, .insecureBind, .openBeyondLoopback, .signInWithoutTLS: configError
        case .deviceDidNotAnswer, .toolFailed: unavailable
        case .destinationExists: ioError
        }
    }

    static func code(_ kind: EngineError.Kind) -> Int32 {
        switch kind {
        case .notFound: notFound
        case .invalidRequest: usage
        case .insufficientData: dataError
        }
    }

    /// Advice in the command line's terms.
    static func hint(_ h: EngineError.Hint?) -> String {
        switch h {
        case .useBillingMethod: " (use --method billing)"
        case .chooseTemperature: " (choose one with --temperature)"
        case .importTemperatures: " (import a weather station's file with `meterwatch import temperature`)"
        case nil: ""
        }
    }
}
