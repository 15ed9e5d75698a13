import MeterwatchCore
import Testing

@testable import MeterwatchConfig

/// `open_data:`: nothing is published unless chosen, and every choice is checked where it is written.
@Suite struct OpenDataConfigTests {
    static let head = """
        site: { name: { en: City, zh-TW: 市府 }, timezone: Asia/Taipei }
        sites:
          - { id: hall, floor_area_m2: 1000 }
          - { id: library }
        open_data:

        """

    static let valid = """
          buildings: [hall]
          categories: [electricity, water]
          from: 114-01
          provider: { zh-TW: 市府秘書處 }
          contact: { name: 小組, email: energy@example.gov.tw }
        """

    func parse(_ body: String) throws(ConfigError) -> SiteConfig {
        try SiteConfig.parse(yaml: Self.head + body, file: "m.yaml", environment: [:])
    }

    @Test func aValidSectionChoosesBuildingsCategoriesAndMonths() throws {
        let open = try #require(try parse(Self.valid).openData)
        #expect(open.buildings == ["hall"] && open.categories == [.electricity, .water])
        #expect(open.from == CivilDate(year: 2025, month: 1, day: 1) && open.through == nil && open.minimumCoverage == 0.9)
        #expect(open.contact.email == "energy@example.gov.tw" && open.provider.text(.zhTW) == "市府秘書處")
        #expect(try SiteConfig.parse(yaml: Self.head.replacingOccurrences(of: "open_data:\n", with: ""), file: "m.yaml").openData == nil)
    }

    @Test(arguments: [
        ("buildings: [hall]", "buildings: [depot]", "m.yaml:6:15: open_data.buildings[0]: 'depot' is not a building"),
        ("categories: [electricity, water]", "categories: [ups]", "open_data.categories[0]: 'ups' cannot be published"),
        ("from: 114-01", "from: 2025-13", "open_data.from: not a month: '2025-13'"),
        ("from: 114-01", "from: 114-01\n  through: 2024-12", "open_data.through: the last month comes before from"),
        ("from: 114-01", "from: 2015-01\n  through: 2025-12", "132 months is more than one dataset holds (120)"),
        ("from: 114-01", "from: 114-01\n  minimum_coverage: 0", "open_data.minimum_coverage: expected a share above 0"),
        ("email: energy@example.gov.tw", "email: energy", "open_data.contact.email: not an email address: 'energy'"),
        ("  provider: { zh-TW: 市府秘書處 }\n", "", "open_data: missing provider"),
        ("from: 114-01", "from: 114-01\n  fromm: 2025-01", "open_data.fromm: unknown key"),
    ])
    func aWrongChoiceIsRefusedWhereItIsWritten(_ replacing: String, _ with: String, _ expected: String) {
        do {
            _ = try parse(Self.valid.replacingOccurrences(of: replacing, with: with))
            Issue.record("accepted: \(with)")
        } catch {
            #expect(error.description.contains(expected), "\(error.description)")
        }
    }
}
