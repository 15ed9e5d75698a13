import MeterwatchConfig
import MeterwatchCore

/// What a deployment publishes: one row per chosen building and complete month, the columns of
/// the chosen categories, and the description a portal's dataset page asks for.
public struct OpenDataset: Sendable, Equatable {
    public var publication: OpenDataConfig
    public var fields: [OpenDataField]
    /// Months first, then buildings in the order `open_data.buildings` gives.
    public var rows: [OpenDataRow]
    /// The first days of the months published, oldest first; empty before `from` has ended.
    public var months: [CivilDate]
    /// The deployment's name, for the dataset's default title.
    public var siteName: LocalizedName

    /// The licence every published file is under: 政府資料開放授權條款－第1版.
    public static let licenceID = "OGDL-Taiwan-1.0"
    public static let licenceURL = "https://data.gov.tw/license"
    public static let licenceTitle = LocalizedName(
        en: "Open Government Data License, version 1.0", zhTW: "政府資料開放授權條款－第1版")
    /// The name the files are published under (`energy-monthly.csv`, …).
    public static let resourceName = "energy-monthly"

    public var title: LocalizedName {
        let names = publication.categories.map(Self.useName)
        return publication.title
            ?? LocalizedName(
                en: "\(siteName.text(.en) ?? "Meterwatch"): monthly \(names.map(\.1).joined(separator: ", ")) of public buildings",
                zhTW: "\(siteName.text(.zhTW) ?? "Meterwatch")公有建築物每月\(names.map(\.0).joined(separator: "、"))")
    }

    public var description: LocalizedName {
        let names = publication.categories.map(Self.useName)
        return LocalizedName(
            en: "Monthly \(names.map(\.1).joined(separator: ", ")) of each building, read from its meters, with floor area, the change "
                + "against the same month of the previous year, the share of the month observed, and the energy use intensity of the last "
                + "twelve months. A month is published once complete; a figure is left empty, never zero, where too little of the month "
                + "was observed.",
            zhTW: "各建築物每月\(names.map(\.0).joined(separator: "、"))（由表計讀值、帳單及加油紀錄彙整），並列總樓地板面積、與去年同月之增減率、"
                + "當月資料涵蓋率及近十二個月能源使用強度。月份結束後始公開；當月資料不足者留空，不以零代替。")
    }

    static func useName(_ category: MeterCategory) -> (String, String) {
        switch category {
        case .water: ("用水量", "water use")
        case .fuel: ("用油量", "fuel use")
        default: ("用電量", "electricity use")
        }
    }

    /// The attribution users of the data give, as the licence asks.
    public func attribution(_ language: Language) -> String {
        let provider = publication.provider.text(language) ?? ""
        return Phrase.openDataAttribution(provider: provider, licenceURL: Self.licenceURL).text(language)
    }
}
