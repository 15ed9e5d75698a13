import MeterwatchCore
import MeterwatchTariffs

/// Why the engine cannot answer a question: what kind of failure it is, the sentence that says so
/// (a `Phrase`, in both languages), and advice the edges word for their interface (`hint`). The
/// edges turn the kind into an exit code or an HTTP status in one place each.
///
/// ```swift
/// do { try engine.resolve(.meter("nope")) } catch let e as EngineError { e.kind }   // .notFound
/// ```
/// Each failure is made by its named constructor, which carries its phrase: there is no second
/// list of cases to keep in step with the phrasebook.
public struct EngineError: Error, Sendable, Equatable, CustomStringConvertible {
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

    public var kind: Kind
    public var phrase: Phrase
    public var hint: Hint?

    public init(_ kind: Kind, _ phrase: Phrase, hint: Hint? = nil) {
        self.kind = kind
        self.phrase = phrase
        self.hint = hint
    }

    public var description: String { phrase.text(.en) }

    public static func unknownMeter(_ id: String) -> EngineError { .init(.notFound, .unknownMeter(id)) }
    public static func noMeterWithTag(_ tag: String) -> EngineError { .init(.notFound, .noMeterWithTag(tag)) }
    public static func noMeterInCategory(_ category: MeterCategory) -> EngineError { .init(.notFound, .noMeterInCategory(category)) }
    public static func noRefuels(vehicle: String) -> EngineError { .init(.notFound, .noRefuels(vehicle: vehicle)) }
    public static func noTypicalYear(meter: String) -> EngineError {
        .init(.notFound, .noTypicalYear(meter: meter), hint: .importTemperatures)
    }
    public static func notBilled(meter: String, billed: [String]) -> EngineError {
        .init(.notFound, .notBilled(meter: meter, billed: billed))
    }
    /// No `open_data:` section: nothing is published.
    public static let nothingPublished = EngineError(.notFound, .nothingPublished)
    public static func noTemperaturesFor(meter: String, stored: [String]) -> EngineError {
        .init(.notFound, .noTemperaturesFor(meter: meter, stored: stored), hint: .importTemperatures)
    }

    public static func mixedUnits(selection: String, units: [String]) -> EngineError {
        .init(.invalidRequest, .mixedUnits(selection: selection, units: units))
    }
    public static func periodTooLong(name: String, period: String, days: Int) -> EngineError {
        .init(.invalidRequest, .periodTooLong(name: name, period: period, days: days))
    }
    public static func holdsBillsNotDailyData(selection: String) -> EngineError {
        .init(.invalidRequest, .holdsBillsNotDailyData(selection: selection), hint: .useBillingMethod)
    }
    public static func severalTemperatureSeries(_ series: [String]) -> EngineError {
        .init(.invalidRequest, .severalTemperatureSeries(series), hint: .chooseTemperature)
    }

    public static let noTemperatures = EngineError(.insufficientData, .noTemperatures, hint: .importTemperatures)
    public static let noReportingModel = EngineError(.insufficientData, .noReportingModel)
    public static func noStoredData(selection: String) -> EngineError { .init(.insufficientData, .noStoredData(selection: selection)) }
    public static func noModel(baseline: Int, reporting: Int, unit: String) -> EngineError {
        .init(.insufficientData, .noModel(baseline: baseline, reporting: reporting, unit: unit))
    }
    public static func typicalYearEmpty(meter: String) -> EngineError { .init(.insufficientData, .typicalYearEmpty(meter: meter)) }
    public static func typicalYearShort(meter: String, days: Int, before: String) -> EngineError {
        .init(.insufficientData, .typicalYearShort(meter: meter, days: days, before: before))
    }
    public static func coarseDemand(meter: String, minutes: Int) -> EngineError {
        .init(.insufficientData, .coarseDemand(meter: meter, minutes: minutes))
    }
    /// A tariff that cannot price a day (not in force, an off-peak calendar that does not cover it).
    public static func tariff(_ error: TariffError) -> EngineError { .init(.insufficientData, error.phrase) }
}
