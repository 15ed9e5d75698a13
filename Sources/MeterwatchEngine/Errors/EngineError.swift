import MeterwatchCore
import MeterwatchTariffs

/// Why the engine cannot answer a question. The edges turn each case into an exit code or an
/// HTTP status, with wording that fits their interface (`hint`); the text is a `Phrase`.
///
/// ```swift
/// do { try engine.resolve(.meter("nope")) } catch let e as EngineError { e.kind }   // .notFound
/// ```
public enum EngineError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownMeter(String)
    case noMeterWithTag(String)
    case noMeterInCategory(MeterCategory)
    case mixedUnits(selection: String, units: [String])
    case noRefuels(vehicle: String)
    case noTemperaturesFor(meter: String, stored: [String])
    case noTemperatures
    case severalTemperatureSeries([String])
    case periodTooLong(name: String, period: String, days: Int)
    case noStoredData(selection: String)
    case holdsBillsNotDailyData(selection: String)
    case noModel(baseline: Int, reporting: Int, unit: String)
    case noTypicalYear(meter: String)
    case typicalYearEmpty(meter: String)
    case typicalYearShort(meter: String, days: Int, before: String)
    case noReportingModel
    /// No `open_data:` section: nothing is published.
    case nothingPublished
    case notBilled(meter: String, billed: [String])
    case coarseDemand(meter: String, minutes: Int)
    case tariff(TariffError)

    /// What kind of failure it is, for statuses and exit codes.
    public enum Kind: Sendable, Equatable {
        /// The thing asked about does not exist (a meter, a tag, a vehicle, a series).
        case notFound
        /// The request cannot be answered as asked (a period too long, a method that does not fit the data).
        case invalidRequest
        /// The data stored cannot answer it (too little, no model fits).
        case insufficientData
    }

    /// Advice that names an option or a parameter of the interface the user came through.
    public enum Hint: Sendable, Equatable {
        /// Choose the billing method.
        case useBillingMethod
        /// Choose one of several temperature series.
        case chooseTemperature
        /// Import outdoor temperatures.
        case importTemperatures
    }

    public var kind: Kind {
        switch self {
        case .unknownMeter, .noMeterWithTag, .noMeterInCategory, .noRefuels, .noTemperaturesFor, .noTypicalYear, .notBilled,
            .nothingPublished:
            .notFound
        case .coarseDemand, .tariff: .insufficientData
        case .mixedUnits, .periodTooLong, .holdsBillsNotDailyData, .severalTemperatureSeries: .invalidRequest
        case .noTemperatures, .noStoredData, .noModel, .typicalYearEmpty, .typicalYearShort, .noReportingModel: .insufficientData
        }
    }

    public var hint: Hint? {
        switch self {
        case .holdsBillsNotDailyData: .useBillingMethod
        case .severalTemperatureSeries: .chooseTemperature
        case .noTemperatures, .noTemperaturesFor, .noTypicalYear: .importTemperatures
        default: nil
        }
    }

    public var phrase: Phrase {
        switch self {
        case .unknownMeter(let id): .unknownMeter(id)
        case .noMeterWithTag(let t): .noMeterWithTag(t)
        case .noMeterInCategory(let c): .noMeterInCategory(c)
        case let .mixedUnits(s, u): .mixedUnits(selection: s, units: u)
        case .noRefuels(let v): .noRefuels(vehicle: v)
        case let .noTemperaturesFor(m, s): .noTemperaturesFor(meter: m, stored: s)
        case .noTemperatures: .noTemperatures
        case .severalTemperatureSeries(let l): .severalTemperatureSeries(l)
        case let .periodTooLong(n, p, d): .periodTooLong(name: n, period: p, days: d)
        case .noStoredData(let s): .noStoredData(selection: s)
        case .holdsBillsNotDailyData(let s): .holdsBillsNotDailyData(selection: s)
        case let .noModel(b, r, u): .noModel(baseline: b, reporting: r, unit: u)
        case .noTypicalYear(let m): .noTypicalYear(meter: m)
        case .typicalYearEmpty(let m): .typicalYearEmpty(meter: m)
        case let .typicalYearShort(m, d, b): .typicalYearShort(meter: m, days: d, before: b)
        case .noReportingModel: .noReportingModel
        case .nothingPublished: .nothingPublished
        case let .notBilled(m, billed): .notBilled(meter: m, billed: billed)
        case let .coarseDemand(m, minutes): .coarseDemand(meter: m, minutes: minutes)
        case .tariff(let e): e.phrase
        }
    }

    public var description: String { phrase.text(.en) }
}
