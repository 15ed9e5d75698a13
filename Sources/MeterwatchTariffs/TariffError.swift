import MeterwatchCore

/// Why a bill cannot be made from a tariff: no revision in force, or off-peak days not known.
public enum TariffError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownTariff(id: String, known: [String])
    case notInForce(id: String, day: CivilDate, from: CivilDate)
    case offPeakDaysUnknown(id: String, year: Int, file: String)
    case noContract(day: CivilDate)

    public var description: String {
        switch self {
        case .unknownTariff(let id, let known):
            "unknown tariff '\(id)' (known: \(known.joined(separator: ", ")))"
        case .notInForce(let id, let day, let from):
            "no revision of tariff \(id) is in force on \(day) (its first takes effect on \(from)): add a tariff file of that time"
        case .offPeakDaysUnknown(let id, let year, let file):
            "the off-peak days of \(year) are not listed in \(id) (\(file)): add them to a file of the same name in the tariffs folder"
        case .noContract(let day):
            "no contract is in force on \(day): give contracts from that day (billing.contracts[].from)"
        }
    }
}

extension TariffError {
    /// The same in the product's languages.
    public var phrase: Phrase {
        switch self {
        case let .unknownTariff(id, known): .unknownTariff(id: id, known: known)
        case let .notInForce(id, day, from): .tariffNotInForce(id: id, day: day.description, from: from.description)
        case let .offPeakDaysUnknown(id, year, _): .offPeakDaysUnknown(id: id, year: year)
        case .noContract(let day): .noContractOn(day: day.description)
        }
    }
}
