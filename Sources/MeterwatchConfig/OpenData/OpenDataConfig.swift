import Foundation
import MeterwatchCore

/// The `open_data:` section: what a deployment publishes for citizens and the city's open-data portal.
/// Nothing is published unless it is chosen here: the buildings, the categories and the first month.
///
/// ```yaml
/// open_data:
///   buildings: [city-hall, annex-xinyi]        # ids from sites: (or the one site's id)
///   categories: [electricity, water, fuel]     # any of these three
///   from: 2025-01                              # first month published (ISO, or ROC as 114-01)
///   through: 2026-10                           # optional; default the last complete month
///   minimum_coverage: 0.9                      # below this share observed, a month's figure is left empty
///   provider: { zh-TW: 臺北市政府秘書處, en: Secretariat, Taipei City Government }
///   contact: { name: 王小明, email: energy@example.gov.tw, phone: 02-2720-8889 }
/// ```
/// Only complete months are published: a month still running, or one after `through`, is left out.
public struct OpenDataConfig: Sendable, Hashable {
    public var buildings: [String]
    public var categories: [MeterCategory]
    /// The first day of the first month published.
    public var from: CivilDate
    /// The first day of the last month published, when fixed.
    public var through: CivilDate?
    public var minimumCoverage: Double = 0.9
    public var title: LocalizedName?
    public var provider: LocalizedName
    public var contact: OpenDataContact

    /// The categories a dataset can hold: the ones counted in the council report's units.
    public static let publishableCategories: [MeterCategory] = [.electricity, .water, .fuel]
    /// At most ten years of months in one dataset: each month is a comparison per building and category.
    public static let maximumMonths = 120

    public init(
        buildings: [String], categories: [MeterCategory], from: CivilDate, provider: LocalizedName, contact: OpenDataContact
    ) {
        self.buildings = buildings
        self.categories = categories
        self.from = from
        self.provider = provider
        self.contact = contact
    }

    static func parse(_ r: YAMLReader, buildings known: [Building]) throws(ConfigError) -> OpenDataConfig {
        let m = try r.mapping(allowed: [
            "buildings", "categories", "from", "through", "minimum_coverage", "title", "provider", "contact",
        ])
        guard let b = m["buildings"] else { throw r.error("missing buildings (the site ids to publish, e.g. [city-hall])") }
        var ids: [String] = []
        for item in try b.sequence() {
            let id = try item.nonEmptyString()
            guard known.contains(where: { $0.id == id }) else {
                throw item.error(
                    "'\(id)' is not a building of this deployment (expected one of: \(known.map(\.id).joined(separator: ", ")))")
            }
            guard !ids.contains(id) else { throw item.error("'\(id)' is listed twice") }
            ids.append(id)
        }
        guard !ids.isEmpty else { throw b.error("choose at least one building to publish") }
        guard let c = m["categories"] else { throw r.error("missing categories (any of electricity, water, fuel)") }
        var categories: [MeterCategory] = []
        for item in try c.sequence() {
            let text = try item.string()
            guard let category = MeterCategory(rawValue: text), publishableCategories.contains(category) else {
                throw item.error("'\(text)' cannot be published (expected electricity, water or fuel)")
            }
            guard !categories.contains(category) else { throw item.error("'\(text)' is listed twice") }
            categories.append(category)
        }
        guard !categories.isEmpty else { throw c.error("choose at least one category to publish") }
        guard let fromNode = m["from"] else { throw r.error("missing from (the first month published, e.g. 2025-01)") }
        let from = try month(fromNode)
        guard let providerNode = m["provider"] else { throw r.error("missing provider (the agency publishing the data)") }
        guard let contactNode = m["contact"] else { throw r.error("missing contact (a name and an email for the portal)") }
        var config = OpenDataConfig(
            buildings: ids, categories: categories, from: from, provider: try SiteConfig.localizedName(providerNode),
            contact: try OpenDataContact.parse(contactNode))
        if let t = m["through"] {
            let through = try month(t)
            guard through >= from else { throw t.error("the last month comes before from (\(from.year)-\(from.month))") }
            let months = (through.year - from.year) * 12 + through.month - from.month + 1
            guard months <= maximumMonths else { throw t.error("\(months) months is more than one dataset holds (\(maximumMonths))") }
            config.through = through
        }
        if let node = m["minimum_coverage"] {
            let share = try node.double()
            guard share > 0, share <= 1 else { throw node.error("expected a share above 0 and at most 1, such as 0.9") }
            config.minimumCoverage = share
        }
        if let t = m["title"] { config.title = try SiteConfig.localizedName(t) }
        return config
    }

    /// `2025-01`, or a ROC month `114-01` (民國114年1月).
    static func month(_ r: YAMLReader) throws(ConfigError) -> CivilDate {
        let text = try r.string().trimmingWhitespace
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let year = Int(parts[0]), let month = Int(parts[1]), parts[1].count == 2, (1...12).contains(month) else {
            throw r.error("not a month: '\(text)' (expected 2025-01, or 114-01 in ROC years)")
        }
        let gregorian = parts[0].count == 4 ? year : year + 1911
        guard parts[0].count == 4 || (parts[0].count <= 3 && year >= 1), (1912...2200).contains(gregorian) else {
            throw r.error("not a month: '\(text)' (expected 2025-01, or 114-01 in ROC years)")
        }
        return CivilDate(year: gregorian, month: month, day: 1)
    }
}
