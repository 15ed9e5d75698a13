import MeterwatchConfig
import MeterwatchCore

/// A tariff's off-peak days (離峰日), listed per year. A day in a year not listed cannot be billed:
/// guessing it would price a holiday as a weekday.
public struct OffPeakDays: Sendable, Hashable {
    public var id: String
    public var days: Set<CivilDate>
    public var years: Set<Int>
    public var file: String

    public init(id: String, days: Set<CivilDate>, years: Set<Int>, file: String) {
        self.id = id
        self.days = days
        self.years = years
        self.file = file
    }

    /// Parses `taipower-off-peak-days.yaml`: `years: { 2026: [01-01, 02-15..02-21, …] }`.
    public static func parse(yaml: String, file: String) throws(ConfigError) -> OffPeakDays {
        let doc = try YAMLReader.document(yaml: yaml, file: file)
        let m = try doc.mapping(allowed: ["id", "name", "years"])
        guard let idNode = m["id"] else { throw doc.error("missing id") }
        guard let yearsNode = m["years"] else { throw doc.error("missing years (2026: [01-01, 02-15..02-21, …])") }
        var out = OffPeakDays(id: try idNode.nonEmptyString(), days: [], years: [], file: file)
        for (key, list) in try yearsNode.mapping(allowed: nil) {
            guard let year = Int(key), (1900...2200).contains(year) else { throw list.error("'\(key)' is not a year") }
            out.years.insert(year)
            for item in try list.sequence() {
                let text = try item.nonEmptyString()
                let ends = text.components(separatedBy: "..")
                guard (1...2).contains(ends.count), let first = Self.day(ends[0], year), let last = Self.day(ends.last!, year),
                    first <= last
                else {
                    throw item.error("expected a month and day (02-28) or a range (02-15..02-21), got '\(text)'")
                }
                var d = first
                while d <= last {
                    out.days.insert(d)
                    d = d.adding(days: 1)
                }
            }
        }
        return out
    }

    static func day(_ text: String, _ year: Int) -> CivilDate? {
        let parts = text.split(separator: "-")
        guard parts.count == 2, let m = Int(parts[0]), let d = Int(parts[1]) else { return nil }
        return CivilDate(validYear: year, month: m, day: d)
    }
}
