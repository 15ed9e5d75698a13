import MeterwatchConfig
import MeterwatchCore

/// One column of the published dataset: an English identifier in the style of the government's
/// schema catalogue, with a title and a description in both languages, a Table Schema type and a unit.
public struct OpenDataField: Sendable, Hashable {
    public enum Kind: String, Sendable { case integer, number, string }

    public var name: String
    public var title: LocalizedName
    public var description: LocalizedName
    public var kind: Kind
    public var unit: String?
    /// Decimal places in the CSV (display rounding, half away from zero); JSON keeps the exact value.
    public var decimals: Int

    init(_ name: String, _ kind: Kind, zh: String, en: String, zhNote: String, enNote: String, unit: String? = nil, decimals: Int = 0) {
        self.name = name
        self.kind = kind
        self.title = LocalizedName(en: en, zhTW: zh)
        self.description = LocalizedName(en: enNote, zhTW: zhNote)
        self.unit = unit
        self.decimals = decimals
    }

    /// The columns of a dataset publishing `categories`, in order.
    public static func fields(for categories: [MeterCategory]) -> [OpenDataField] {
        var fields = [
            OpenDataField(
                "StatisticsYear", .integer, zh: "統計年（西元）", en: "Year", zhNote: "統計月份所屬之西元年", enNote: "Gregorian year of the month"),
            OpenDataField(
                "StatisticsYearROC", .integer, zh: "統計年（民國）", en: "Year (ROC)", zhNote: "統計月份所屬之民國年",
                enNote: "Year of the month in the Republic of China calendar (2026 = 115)"),
            OpenDataField("StatisticsMonth", .integer, zh: "統計月", en: "Month", zhNote: "統計月份（1 至 12）", enNote: "Month, 1 to 12"),
            OpenDataField("BuildingID", .string, zh: "建築物代碼", en: "Building id", zhNote: "建築物之代碼", enNote: "The building's identifier"),
            OpenDataField(
                "BuildingName", .string, zh: "建築物名稱", en: "Building name", zhNote: "建築物之中文名稱", enNote: "The building's name in Chinese"),
            OpenDataField(
                "BuildingNameEnglish", .string, zh: "建築物英文名稱", en: "Building name (English)", zhNote: "建築物之英文名稱",
                enNote: "The building's name in English"),
            OpenDataField(
                "FloorArea", .number, zh: "總樓地板面積（平方公尺）", en: "Floor area (m²)", zhNote: "建築物總樓地板面積；未登錄者留空",
                enNote: "Gross floor area; empty where none is recorded", unit: "m2", decimals: 2),
        ]
        for category in categories {
            fields += categoryFields(category)
        }
        return fields
    }

    static func categoryFields(_ category: MeterCategory) -> [OpenDataField] {
        let (prefix, zh, en, unit, unitZh) =
            switch category {
            case .water: ("Water", "用水量", "Water use", "m3", "度")
            case .fuel: ("Fuel", "用油量", "Fuel use", "L", "公升")
            default: ("Electricity", "用電量", "Electricity use", "kWh", "度")
            }
        var fields = [
            OpenDataField(
                "\(prefix)Consumption", .number, zh: "\(zh)（\(unitZh)）", en: "\(en) (\(unit))",
                zhNote: "當月\(zh)；資料涵蓋率未達門檻者留空，不以零代替",
                enNote: "The month's \(en.lowercased()); empty (never zero) where too little of the month was observed", unit: unit,
                decimals: 2),
            OpenDataField(
                "\(prefix)Coverage", .number, zh: "\(zh)資料涵蓋率", en: "\(en) coverage",
                zhNote: "當月有量測資料之比例（0 至 1）", enNote: "Share of the month observed, 0 to 1", decimals: 4),
            OpenDataField(
                "\(prefix)ChangeRate", .number, zh: "\(zh)較去年同月增減率（%）", en: "\(en) change on the same month last year (%)",
                zhNote: "與去年同月比較之增減百分比；無可比較資料者留空",
                enNote: "Change in percent against the same month of the previous year; empty where there is none to compare", unit: "%",
                decimals: 2),
        ]
        if category == .electricity {
            fields.append(
                OpenDataField(
                    "EnergyUseIntensity", .number, zh: "近十二個月能源使用強度（度／平方公尺）", en: "Energy use intensity, last 12 months (kWh/m²)",
                    zhNote: "截至當月之十二個月用電量除以總樓地板面積；資料不足或無面積者留空",
                    enNote:
                        "Electricity use of the twelve months through this month per m² of floor area; empty without enough data or area",
                    unit: "kWh/m2", decimals: 2))
        }
        return fields
    }
}
