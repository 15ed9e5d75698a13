import Foundation
import MeterwatchConfig
import MeterwatchCore

/// Writes a dataset as the files a portal harvests: CSV (UTF-8 with a byte-order mark and CRLF, as
/// Excel on Windows expects; one with the English identifiers as headers, one with the zh-TW
/// titles), JSON, and a Frictionless Data Package (`datapackage.json`, a Table Schema per resource)
/// carrying the licence and what a data.gov.tw dataset page asks for.
///
/// The files are a function of the dataset alone (no time stamp inside), so their ETag changes
/// only when a figure does.
public enum OpenDataPackage {
    public static let descriptorName = "datapackage.json"

    public static func files(_ dataset: OpenDataset) throws -> [OpenDataFile] {
        let name = OpenDataset.resourceName
        return [
            OpenDataFile(name: descriptorName, mediaType: "application/json", bytes: try descriptor(dataset)),
            OpenDataFile(name: "\(name).csv", mediaType: "text/csv; charset=utf-8", bytes: csv(dataset, headers: \.name)),
            OpenDataFile(
                name: "\(name)-zh-TW.csv", mediaType: "text/csv; charset=utf-8",
                bytes: csv(dataset, headers: { $0.title.text(.zhTW) ?? $0.name })),
            OpenDataFile(name: "\(name).json", mediaType: "application/json", bytes: try json(dataset)),
        ]
    }

    // MARK: CSV

    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    static func csv(_ dataset: OpenDataset, headers: (OpenDataField) -> String) -> [UInt8] {
        var lines = [dataset.fields.map { quoted(headers($0)) }.joined(separator: ",")]
        for row in dataset.rows {
            lines.append(dataset.fields.map { cell(row[$0.name], $0) }.joined(separator: ","))
        }
        return byteOrderMark + Array((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }

    /// Numbers rounded for display by the field's places (half away from zero, no grouping); a gap empty.
    static func cell(_ value: OpenDataValue, _ field: OpenDataField) -> String {
        switch value {
        case .integer(let i): "\(i)"
        case .number(let v): DisplayFormat.number(v, decimals: field.decimals, grouping: false)
        case .text(let s): quoted(s.first.map { "=+-@".contains($0) } == true ? "'" + s : s)
        case .empty: ""
        }
    }

    static func quoted(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    // MARK: JSON

    /// One value as JSON text: exact numbers (the shortest text that reads back as the same
    /// `Double`), escaped strings, `null` for a gap.
    static func jsonText(_ value: OpenDataValue) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        switch value {
        case .integer(let i): return "\(i)"
        case .number(let v): return String(decoding: try encoder.encode(v), as: UTF8.self)
        case .text(let s): return String(decoding: try encoder.encode(s), as: UTF8.self)
        case .empty: return "null"
        }
    }

    /// An array of objects, one per row, keys in the schema's order (Frictionless reads a keyed
    /// row's cells by position), the exact values (never rounded), gaps as null.
    static func json(_ dataset: OpenDataset) throws -> [UInt8] {
        var rows: [String] = []
        for row in dataset.rows {
            let cells = try dataset.fields.map { "    \(try jsonText(.text($0.name))): \(try jsonText(row[$0.name]))" }
            rows.append("  {\n" + cells.joined(separator: ",\n") + "\n  }")
        }
        return Array(("[\n" + rows.joined(separator: ",\n") + "\n]\n").utf8)
    }

    // MARK: Data Package

    static func schema(_ fields: [OpenDataField], names: (OpenDataField) -> String) -> [String: Any] {
        [
            "fields": fields.map { field -> [String: Any] in
                var f: [String: Any] = [
                    "name": names(field), "type": field.kind.rawValue, "title": field.title.text(.zhTW) ?? field.name,
                    "description": "\(field.description.text(.zhTW) ?? "")（\(field.name)：\(field.description.text(.en) ?? "")）",
                ]
                if field.kind == .number { f["missingValues"] = [""] }
                if let unit = field.unit { f["unit"] = unit }
                if ["StatisticsYear", "StatisticsYearROC", "StatisticsMonth", "BuildingID", "BuildingName"].contains(field.name) {
                    f["constraints"] = ["required": true]
                }
                return f
            },
            "primaryKey": [names(fields[0]), names(fields[2]), names(fields[3])],
            "missingValues": [""],
        ]
    }

    static func descriptor(_ dataset: OpenDataset) throws -> [UInt8] {
        let publication = dataset.publication
        let name = OpenDataset.resourceName
        let csvDialect: [String: Any] = ["delimiter": ",", "lineTerminator": "\r\n", "header": true]
        let titled: (OpenDataField) -> String = { $0.title.text(.zhTW) ?? $0.name }
        let months = dataset.months
        func monthText(_ d: CivilDate) -> String { d.month < 10 ? "\(d.year)-0\(d.month)" : "\(d.year)-\(d.month)" }
        var contact: [String: Any] = ["name": publication.contact.name, "email": publication.contact.email]
        if let phone = publication.contact.phone { contact["phone"] = phone }
        let fieldList = dataset.fields.map { "\($0.name)（\($0.title.text(.zhTW) ?? "")）" }.joined(separator: "、")
        let package: [String: Any] = [
            "name": "meterwatch-\(name)",
            "title": dataset.title.text(.zhTW) ?? name,
            "description": "\(dataset.description.text(.zhTW) ?? "")\n\n\(dataset.description.text(.en) ?? "")",
            "licenses": [
                ["name": OpenDataset.licenceID, "path": OpenDataset.licenceURL, "title": OpenDataset.licenceTitle.text(.zhTW) ?? ""]
            ],
            "contributors": [
                ["title": publication.provider.text(.zhTW) ?? "", "role": "publisher", "email": publication.contact.email]
            ],
            "keywords": ["能源", "用電", "用水", "公有建築物", "energy", "public buildings"],
            "temporal": months.isEmpty ? [:] : ["start": monthText(months[0]), "end": monthText(months[months.count - 1])],
            // What a data.gov.tw dataset page asks for, under its own labels.
            "dataGovTw": [
                "資料集名稱": dataset.title.text(.zhTW) ?? "",
                "資料集描述": dataset.description.text(.zhTW) ?? "",
                "主要欄位說明": fieldList,
                "提供機關": publication.provider.text(.zhTW) ?? "",
                "更新頻率": "每1月",
                "授權方式": OpenDataset.licenceTitle.text(.zhTW) ?? "",
                "授權說明網址": OpenDataset.licenceURL,
                "計費方式": "免費",
                "編碼格式": "UTF-8",
                "檔案格式": "CSV;JSON",
                "聯絡人": contact,
                "資料使用說明": dataset.attribution(.zhTW),
            ] as [String: Any],
            "attribution": ["zh-TW": dataset.attribution(.zhTW), "en": dataset.attribution(.en)],
            "resources": [
                [
                    "name": name, "path": "\(name).csv", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8-sig",
                    "profile": "tabular-data-resource", "title": "\(dataset.title.text(.zhTW) ?? "")（CSV，英文欄位名稱）",
                    "dialect": csvDialect, "schema": schema(dataset.fields, names: \.name),
                ] as [String: Any],
                [
                    "name": "\(name)-zh-tw", "path": "\(name)-zh-TW.csv", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8-sig",
                    "profile": "tabular-data-resource", "title": "\(dataset.title.text(.zhTW) ?? "")（CSV，中文欄位名稱）",
                    "dialect": csvDialect, "schema": schema(dataset.fields, names: titled),
                ] as [String: Any],
                [
                    "name": "\(name)-json", "path": "\(name).json", "format": "json", "mediatype": "application/json", "encoding": "utf-8",
                    "profile": "tabular-data-resource", "title": "\(dataset.title.text(.zhTW) ?? "")（JSON）",
                    "schema": schema(dataset.fields, names: \.name),
                ] as [String: Any],
            ],
        ]
        return Array(try JSONSerialization.data(withJSONObject: package, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]))
    }
}
