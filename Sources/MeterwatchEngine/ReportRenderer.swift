import Foundation
import MeterwatchConfig
import MeterwatchCore

/// Turns a `CouncilReport` into Markdown (to paste into the report), CSV (exact values, for
/// spreadsheets) or a printable A4 HTML page.
///
/// Rounding (display only, half away from zero): kWh and m³ to whole units, litres to 2 places,
/// percentages and percentage points to 2 places, kgCO2e to whole kilograms.
///
/// When outdoor temperatures are stored, electricity and water rows get a "weather-adjusted
/// change" column beside the raw change: metered − the baseline model's prediction for this
/// period's weather, ± its uncertainty at 90 % confidence (same sign convention: negative = saved).
public enum ReportRenderer {
    public enum Format: String, Sendable, CaseIterable { case md, csv, html }

    public static func render(_ r: CouncilReport, format: Format) -> String {
        switch format {
        case .md: markdown(r)
        case .csv: csv(r)
        case .html: html(r)
        }
    }

    struct Labels {
        let title: String, item: String, current: String, baseline: String, change: String, changePct: String, note: String
        let kpis: String, kpi: String, target: String, actual: String, attainment: String, margin: String
        let carbon: String, carbonItem: String, source: String, na: String, pp: String, warnings: String
        let weather: String
        func weatherNote(_ baseline: String) -> String {
            weather == "氣候調整後增減"
                ? "氣候調整後增減：實際用量減去基期（\(baseline)）用量對室外氣溫之迴歸模型（CalTRACK 日模型）依本期氣溫推估之用量；± 為 90% 信賴水準之不確定度（ASHRAE Guideline 14）。負值表示節約。"
                : "Weather-adjusted change: metered use minus what a model of the baseline (\(baseline)) against outdoor temperature (CalTRACK daily) predicts for this period's weather; ± is the uncertainty at 90 % confidence (ASHRAE Guideline 14). Negative means saved."
        }
    }

    static func labels(_ l: Language) -> Labels {
        switch l {
        case .zhTW: Labels(title: "節約能源成果", item: "項目", current: "本期", baseline: "去年同期", change: "增減", changePct: "增減率", note: "說明",
                           kpis: "關鍵績效指標", kpi: "指標", target: "目標值", actual: "實際達成值", attainment: "目標達成度", margin: "與目標差距",
                           carbon: "用電碳排放", carbonItem: "用電碳排放（公斤CO2e）", source: "係數來源", na: "不適用", pp: "個百分點", warnings: "資料附註",
                           weather: "氣候調整後增減")
        case .en: Labels(title: "Energy and resource savings", item: "Item", current: "This period", baseline: "Baseline", change: "Change", changePct: "Change %", note: "Explanation",
                         kpis: "Key performance indicators", kpi: "Indicator", target: "Target", actual: "Achieved", attainment: "Attainment", margin: "Margin over target",
                         carbon: "Carbon footprint of electricity", carbonItem: "Electricity emissions (kgCO2e)", source: "Factor source", na: "n/a", pp: "pp", warnings: "Data notes",
                         weather: "Weather-adjusted change")
        }
    }

    static func num(_ v: Double, _ unit: String, plus: Bool = false) -> String {
        DisplayFormat.number(v, decimals: Strings.decimals(unit), explicitPlus: plus)
    }

    static func percent(_ v: Double?, _ l: Labels, plus: Bool = true) -> String {
        v.map { DisplayFormat.number($0, decimals: 2, explicitPlus: plus) + "%" } ?? l.na
    }

    static func compact(_ v: Double) -> String { DisplayFormat.asWritten(v) }

    static func kpiValue(_ v: Double?, _ unit: String, _ l: Labels) -> String {
        guard let v else { return l.na }
        return compact(v) + (unit == "%" ? "%" : unit.isEmpty ? "" : " \(unit)")
    }

    static func margin(_ k: KPIResult, _ l: Labels) -> String {
        guard let m = k.margin else { return l.na }
        let text = DisplayFormat.number(m, decimals: 2, explicitPlus: true)
        return k.unit == "%" ? "\(text) \(l.pp)" : k.unit.isEmpty ? text : "\(text) \(k.unit)"
    }

    static func rowCells(_ row: ReportRow, _ l: Labels, weather: Bool) -> [String] {
        var cells = [ l.title == labels(.zhTW).title ? "\(row.item)（\(row.unit)）" : "\(row.item) (\(row.unit))",
                      num(row.current, row.unit), num(row.baseline, row.unit), num(row.change, row.unit, plus: true), percent(row.changePercent, l) ]
        if weather {
            cells.append(row.weatherAdjusted.map { w in
                "\(num(w.change, row.unit, plus: true)) ± \(num(w.uncertainty, row.unit)) (\(percent(w.changePercent, l)))"
            } ?? l.na)
        }
        return cells + [row.note ?? ""]
    }

    /// The consumption table's header; the weather column only when some row has one.
    static func rowHeader(_ r: CouncilReport, _ l: Labels) -> [String] {
        var h = [l.item, "\(l.current)（\(r.periodLabel)）".localizedParens(r.language), r.baselineLabel, l.change, l.changePct]
        if r.weatherBaseline != nil { h.append(l.weather) }
        return h + [l.note]
    }

    static func kpiCells(_ k: KPIResult, _ l: Labels) -> [String] {
        [k.name, kpiValue(k.target, k.unit, l), kpiValue(k.actual, k.unit, l),
         k.attainmentPercent.map { compact($0) + "%" } ?? l.na, margin(k, l)]
    }

    static func allWarnings(_ r: CouncilReport) -> [String] {
        var w: [String] = []
        for row in r.rows { w += row.warnings.map { "\(row.item): \($0)" } }
        for k in r.kpis { if let reason = k.reason { w.append("\(k.name): \(reason)") } }
        w += r.carbon?.notes ?? []
        return w
    }

    // MARK: Markdown

    static func markdown(_ r: CouncilReport) -> String {
        let l = labels(r.language)
        func table(_ header: [String], _ rows: [[String]], right: Set<Int>) -> String {
            let sep = header.indices.map { right.contains($0) ? "---:" : "---" }
            return ([header, sep] + rows).map { "| " + $0.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |" }.joined(separator: "\n")
        }
        var out = "## \(r.site) \(r.periodLabel) \(l.title)\n\n"
        let weather = r.weatherBaseline != nil
        out += table(rowHeader(r, l), r.rows.map { rowCells($0, l, weather: weather) }, right: weather ? [1, 2, 3, 4, 5] : [1, 2, 3, 4]) + "\n"
        if let wb = r.weatherBaseline { out += "\n" + l.weatherNote(wb) + "\n" }
        if !r.kpis.isEmpty {
            out += "\n### \(l.kpis)\n\n" + table([l.kpi, l.target, l.actual, l.attainment, l.margin], r.kpis.map { kpiCells($0, l) }, right: [1, 2, 3, 4]) + "\n"
            if let n = r.kpiNote { out += "\n\(n)\n" }
        }
        if let c = r.carbon {
            out += "\n### \(l.carbon)\n\n"
            out += table([l.item, l.current, r.baselineLabel, l.change, l.changePct],
                         [[l.carbonItem, DisplayFormat.number(c.currentKg, decimals: 0), DisplayFormat.number(c.baselineKg, decimals: 0),
                           DisplayFormat.number(c.currentKg - c.baselineKg, decimals: 0, explicitPlus: true),
                           percent(c.baselineKg == 0 ? nil : (c.currentKg - c.baselineKg) / c.baselineKg * 100, l)]], right: [1, 2, 3, 4]) + "\n"
            out += "\n" + c.factors.map { "\(l.source): \($0.year) \($0.kgCO2ePerKWh) kgCO2e/kWh, \($0.source)" }.joined(separator: "\n") + "\n"
        }
        let w = allWarnings(r)
        if !w.isEmpty { out += "\n\(l.warnings):\n" + w.map { "- \($0)" }.joined(separator: "\n") + "\n" }
        return out
    }

    // MARK: CSV (exact values)

    static func csv(_ r: CouncilReport) -> String {
        let l = labels(r.language)
        func line(_ cells: [String]) -> String {
            cells.map { $0.contains(",") || $0.contains("\"") || $0.contains("\n") ? "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : $0 }.joined(separator: ",")
        }
        func exact(_ v: Double?) -> String { v.map { "\($0)" } ?? "" }
        let weather = r.weatherBaseline != nil
        var header = ["section", l.item, "unit", l.current, l.baseline, l.change, l.changePct, l.note]
        if weather { header += [l.weather, "± (90%)"] }
        var lines = [line(header)]
        for row in r.rows {
            var cells = ["consumption", row.item, row.unit, exact(row.current), exact(row.baseline), exact(row.change), exact(row.changePercent), row.note ?? ""]
            if weather { cells += [exact(row.weatherAdjusted?.change), exact(row.weatherAdjusted?.uncertainty)] }
            lines.append(line(cells))
        }
        for k in r.kpis {
            lines.append(line(["kpi", k.name, k.unit, exact(k.actual), exact(k.target), exact(k.margin), exact(k.attainmentPercent), k.reason ?? ""]))
        }
        if let c = r.carbon {
            lines.append(line(["carbon", l.carbonItem, "kgCO2e", exact(c.currentKg), exact(c.baselineKg), exact(c.currentKg - c.baselineKg),
                               exact(c.baselineKg == 0 ? nil : (c.currentKg - c.baselineKg) / c.baselineKg * 100), c.factors.map { "\($0.year): \($0.kgCO2ePerKWh)" }.joined(separator: "; ")]))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    // MARK: HTML (printable, A4)

    static func html(_ r: CouncilReport) -> String {
        let l = labels(r.language)
        func esc(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        func table(_ header: [String], _ rows: [[String]], lastIsText: Bool = false) -> String {
            "<table><thead><tr>" + header.map { "<th>\(esc($0))</th>" }.joined() + "</tr></thead><tbody>" +
                rows.map { row in
                    "<tr>" + row.enumerated().map { i, c in
                        // First column (item) and the explanation column are text; the rest are figures.
                        i == 0 || (i == row.count - 1 && lastIsText) ? "<td>\(esc(c))</td>" : "<td class=\"n\">\(esc(c))</td>"
                    }.joined() + "</tr>"
                }.joined() +
                "</tbody></table>"
        }
        var body = "<h1>\(esc(r.site)) \(esc(r.periodLabel)) \(esc(l.title))</h1>\n"
        body += table(rowHeader(r, l), r.rows.map { rowCells($0, l, weather: r.weatherBaseline != nil) }, lastIsText: true)
        if let wb = r.weatherBaseline { body += "<p class=\"src\">\(esc(l.weatherNote(wb)))</p>" }
        if !r.kpis.isEmpty { body += "\n<h2>\(esc(l.kpis))</h2>\n" + table([l.kpi, l.target, l.actual, l.attainment, l.margin], r.kpis.map { kpiCells($0, l) }) }
        if let c = r.carbon {
            body += "\n<h2>\(esc(l.carbon))</h2>\n" + table([l.item, l.current, r.baselineLabel, l.change, l.changePct],
                [[l.carbonItem, DisplayFormat.number(c.currentKg, decimals: 0), DisplayFormat.number(c.baselineKg, decimals: 0),
                  DisplayFormat.number(c.currentKg - c.baselineKg, decimals: 0, explicitPlus: true),
                  percent(c.baselineKg == 0 ? nil : (c.currentKg - c.baselineKg) / c.baselineKg * 100, l)]])
            body += "<p class=\"src\">" + c.factors.map { esc("\(l.source): \($0.year) \($0.kgCO2ePerKWh) kgCO2e/kWh, \($0.source)") }.joined(separator: "<br>") + "</p>"
        }
        let w = allWarnings(r)
        if !w.isEmpty { body += "\n<h2>\(esc(l.warnings))</h2><ul>" + w.map { "<li>\(esc($0))</li>" }.joined() + "</ul>" }
        return """
            <!DOCTYPE html>
            <html lang="\(r.language.rawValue)"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(esc(r.site)) \(esc(r.periodLabel))</title>
            <style>
            body { font-family: "Noto Sans TC", "Microsoft JhengHei", "PingFang TC", sans-serif; margin: 2rem; color: #111; }
            table { border-collapse: collapse; width: 100%; margin: 1rem 0; font-size: 11pt; }
            th, td { border: 1px solid #444; padding: 4px 8px; }
            th { background: #eee; }
            td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
            .src { font-size: 9pt; color: #444; }
            @page { size: A4; margin: 18mm; }
            @media print { body { margin: 0; } h1 { font-size: 16pt; } }
            </style></head><body>
            \(body)
            </body></html>

            """
    }
}

extension String {
    /// "本期（108年下半年）" in Chinese, "This period (2019 H2)" in English.
    func localizedParens(_ l: Language) -> String {
        l == .zhTW ? self : replacingOccurrences(of: "（", with: " (").replacingOccurrences(of: "）", with: ")")
    }
}
