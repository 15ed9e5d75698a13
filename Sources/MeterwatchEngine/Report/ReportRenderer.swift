import Foundation
import MeterwatchConfig
import MeterwatchCore

/// Turns a `CouncilReport` into Markdown (to paste into the report) or CSV (exact values, for
/// spreadsheets); the printable HTML page is a template of the server's (`ReportDocument`).
///
/// Rounding (display only, half away from zero): kWh and m³ to whole units, litres to 2 places,
/// percentages and percentage points to 2 places, kgCO2e to whole kilograms.
///
/// When outdoor temperatures are stored, electricity and water rows get a "weather-adjusted
/// change" column beside the raw change: metered − the baseline model's prediction for this
/// period's weather, ± its uncertainty at 90 % confidence (same sign convention: negative = saved).
public enum ReportRenderer {
    public enum Format: String, Sendable, CaseIterable { case md, csv, html }

    // MARK: Cells, shared with the HTML template

    /// The table's cells for one report, in its language: what every format prints.
    public struct Cells: Sendable {
        public var title: String
        public var header: [String]
        public var rows: [[String]]
        /// Several buildings: each category's row for every building (item, building, the figures).
        public var buildingsTitle: String
        public var buildingsHeader: [String]
        public var buildingsRows: [[String]]
        public var weatherNote: String?
        public var kpiHeader: [String]
        public var kpiRows: [[String]]
        public var kpiNote: String?
        public var carbonTitle: String
        public var carbonHeader: [String]
        public var carbonRow: [String]?
        public var carbonSources: [String]
        public var moneyTitle: String
        public var moneyHeader: [String]
        public var moneyRows: [[String]]
        public var notesTitle: String
        public var notes: [String]
        public var kpisTitle: String
    }

    public static func cells(_ r: CouncilReport) -> Cells {
        let l = r.language
        let t = { (p: Phrase) in p.text(l) }
        let weather = r.weatherBaseline != nil
        var header = [t(.item), paren(t(.thisPeriod), r.periodLabel, l), r.baselineLabel, t(.change), l.pick("Change %", "增減率")]
        if weather { header.append(t(.weatherAdjustedChange)) }
        header.append(t(.explanation))
        let rows = r.rows.map { row -> [String] in
            let unit = DisplayUnits.name(row.unit, l)
            var cells = [
                paren(t(.reportItem(row.category)), unit, l), num(row.current, row.unit), num(row.baseline, row.unit),
                row.change.map { num($0, row.unit, plus: true) } ?? t(.notApplicable), percent(row.changePercent, l),
            ]
            if weather {
                cells.append(
                    row.weatherAdjusted.map { w in
                        "\(num(w.change, row.unit, plus: true)) ± \(num(w.uncertainty, row.unit)) (\(percent(w.changePercent, l)))"
                    } ?? t(.notApplicable))
            }
            return cells + [row.note ?? ""]
        }
        let buildingsRows = r.buildingRows.map { row -> [String] in
            [
                paren(t(.reportItem(row.category)), DisplayUnits.name(row.unit, l), l), row.building ?? row.site ?? "",
                num(row.current, row.unit), num(row.baseline, row.unit),
                row.change.map { num($0, row.unit, plus: true) } ?? t(.notApplicable),
                percent(row.changePercent, l),
            ]
        }
        func kpiName(_ k: KPIResult) -> String { Self.kpiName(k, r) }
        let kpiRows = r.kpis.map { k in
            [
                kpiName(k), kpiValue(k.target, k.unit, l), kpiValue(k.actual, k.unit, l),
                k.attainmentPercent.map { DisplayFormat.asWritten($0) + "%" } ?? t(.notApplicable), margin(k, l), t(.kpiStatus(k.status)),
            ]
        }
        var carbonRow: [String]?
        if let c = r.carbon {
            carbonRow = [
                t(.carbonItem), DisplayFormat.number(c.currentKg, decimals: 0), DisplayFormat.number(c.baselineKg, decimals: 0),
                c.changeKg.map { DisplayFormat.number($0, decimals: 0, explicitPlus: true) } ?? t(.notApplicable),
                percent(c.changeKg.flatMap { c.baselineKg == 0 ? nil : $0 / c.baselineKg * 100 }, l),
            ]
        }
        var notes: [String] = []
        for row in r.rows {
            let item = t(.reportItem(row.category))
            if let reason = row.reason { notes.append("\(item): \(reason.text(l))") }
            notes += row.warnings.map { "\(item): \($0.text(l))" }
        }
        for k in r.kpis { if let reason = k.reason { notes.append("\(kpiName(k)): \(reason.text(l))") } }
        notes += (r.carbon?.notes.map { $0.text(l) } ?? []) + (r.carbon?.remarks ?? [])
        var moneyRows: [[String]] = []
        if let m = r.money, m.partial { notes.append(t(.moneyBuildings(m.buildings))) }
        if let m = r.money {
            func ntd(_ v: Double?, plus: Bool = false) -> String {
                v.map { DisplayFormat.number($0, decimals: 0, explicitPlus: plus) } ?? t(.notApplicable)
            }
            func share(_ change: Double?, _ base: Double?) -> String {
                percent(change.flatMap { c in base.flatMap { $0 == 0 ? nil : c / $0 * 100 } }, l)
            }
            moneyRows = [
                [paren(t(.energyCost), "NT$", l), ntd(m.current), ntd(m.baseline), ntd(m.change, plus: true), share(m.change, m.baseline)],
                [
                    paren(t(.pricedAt(date: m.pricedAt.description)), "NT$", l), ntd(m.currentAtOnePrice), ntd(m.baselineAtOnePrice),
                    ntd(m.changeAtOnePrice, plus: true), share(m.changeAtOnePrice, m.baselineAtOnePrice),
                ],
            ]
        }
        for st in r.storage {
            func ntd(_ v: Double?) -> String { v.map { DisplayFormat.number($0, decimals: 0) } ?? t(.notApplicable) }
            func row(_ label: String, _ part: (StorageEarnings) -> Double) -> [String] {
                let current = st.current.map(part)
                let baseline = st.baseline.map(part)
                let change = current.flatMap { c in baseline.map { c - $0 } }
                return [
                    label, ntd(current), ntd(baseline),
                    change.map { DisplayFormat.number($0, decimals: 0, explicitPlus: true) } ?? t(.notApplicable),
                    percent(change.flatMap { c in baseline.flatMap { $0 == 0 ? nil : c / $0 * 100 } }, l),
                ]
            }
            moneyRows.append(row(paren(t(.storageEarnings), l.pick("NT$, \(st.meter)", "NT$，\(st.meter)"), l), \.total))
            moneyRows.append(row("\u{3000}" + t(.peakShaving), \.peakShaving))
            moneyRows.append(row("\u{3000}" + t(.touArbitrage), \.arbitrage))
            moneyRows.append(row("\u{3000}" + t(.storageLosses), \.losses))
        }
        return Cells(
            title: "\(r.site) \(r.periodLabel) \(t(.reportTitle))", header: header, rows: rows, buildingsTitle: t(.byBuilding),
            buildingsHeader: [
                t(.item), t(.building), paren(t(.thisPeriod), r.periodLabel, l), r.baselineLabel, t(.change), l.pick("Change %", "增減率"),
            ],
            buildingsRows: buildingsRows,
            weatherNote: r.weatherBaseline.map { t(.weatherNote(baseline: $0)) },
            kpiHeader: [t(.indicator), t(.targetValue), t(.achieved), t(.attainment), t(.margin), t(.status)], kpiRows: kpiRows,
            kpiNote: r.kpiNote,
            carbonTitle: t(.carbon), carbonHeader: [t(.item), t(.thisPeriod), r.baselineLabel, t(.change), l.pick("Change %", "增減率")],
            carbonRow: carbonRow,
            carbonSources: r.carbon?.factors.map { "\(t(.factorSource)): \($0.year) \($0.kgCO2ePerKWh) kgCO2e/kWh, \($0.source)" } ?? [],
            moneyTitle: t(.money), moneyHeader: [t(.item), t(.thisPeriod), r.baselineLabel, t(.change), l.pick("Change %", "增減率")],
            moneyRows: moneyRows,
            notesTitle: t(.dataNotes), notes: notes, kpisTitle: t(.kpis))
    }

    /// A KPI's name, with its building's when the report has rows per building: `節電率（圖書館）`.
    static func kpiName(_ k: KPIResult, _ r: CouncilReport) -> String {
        guard let site = k.site, !r.buildingRows.isEmpty else { return k.displayName(r.language) }
        let building = r.buildingRows.first { $0.site == site }?.building ?? site
        return paren(k.displayName(r.language), building, r.language)
    }

    /// `本期（108年下半年）`, `This period (2019 H2)`.
    static func paren(_ a: String, _ b: String, _ l: Language) -> String { Phrase.parenthetical(a, b).text(l) }

    static func num(_ v: Double, _ unit: String, plus: Bool = false) -> String {
        DisplayFormat.number(v, decimals: DisplayUnits.decimals(unit), explicitPlus: plus)
    }

    static func percent(_ v: Double?, _ l: Language, plus: Bool = true) -> String {
        v.map { DisplayFormat.number($0, decimals: 2, explicitPlus: plus) + "%" } ?? Phrase.notApplicable.text(l)
    }

    static func kpiValue(_ v: Double?, _ unit: String, _ l: Language) -> String {
        guard let v else { return Phrase.notApplicable.text(l) }
        return DisplayFormat.asWritten(v) + (unit == "%" ? "%" : unit.isEmpty ? "" : " \(unit)")
    }

    static func margin(_ k: KPIResult, _ l: Language) -> String {
        guard let m = k.margin else { return Phrase.notApplicable.text(l) }
        let text = DisplayFormat.number(m, decimals: 2, explicitPlus: true)
        return k.unit == "%" ? "\(text) \(Phrase.percentagePoints.text(l))" : k.unit.isEmpty ? text : "\(text) \(k.unit)"
    }

    // MARK: Markdown

    public static func markdown(_ r: CouncilReport) -> String {
        let c = cells(r)
        func table(_ header: [String], _ rows: [[String]], right: Set<Int>) -> String {
            let sep = header.indices.map { right.contains($0) ? "---:" : "---" }
            return ([header, sep] + rows).map {
                "| " + $0.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |"
            }
            .joined(separator: "\n")
        }
        var out = "## \(c.title)\n\n"
        let figures = Set(1..<(c.header.count - 1))
        out += table(c.header, c.rows, right: figures) + "\n"
        if let note = c.weatherNote { out += "\n" + note + "\n" }
        if !c.buildingsRows.isEmpty {
            out += "\n### \(c.buildingsTitle)\n\n" + table(c.buildingsHeader, c.buildingsRows, right: [2, 3, 4, 5]) + "\n"
        }
        if !c.kpiRows.isEmpty {
            out += "\n### \(c.kpisTitle)\n\n" + table(c.kpiHeader, c.kpiRows, right: [1, 2, 3, 4]) + "\n"
            if let n = c.kpiNote { out += "\n\(n)\n" }
        }
        if let row = c.carbonRow {
            out += "\n### \(c.carbonTitle)\n\n" + table(c.carbonHeader, [row], right: [1, 2, 3, 4]) + "\n"
            out += "\n" + c.carbonSources.joined(separator: "\n") + "\n"
        }
        if !c.moneyRows.isEmpty {
            out += "\n### \(c.moneyTitle)\n\n" + table(c.moneyHeader, c.moneyRows, right: [1, 2, 3, 4]) + "\n"
        }
        if !c.notes.isEmpty { out += "\n\(c.notesTitle):\n" + c.notes.map { "- \($0)" }.joined(separator: "\n") + "\n" }
        return out
    }

    // MARK: CSV (exact values)

    public static func csv(_ r: CouncilReport) -> String {
        let l = r.language
        let t = { (p: Phrase) in p.text(l) }
        func line(_ cells: [String]) -> String {
            cells.map {
                $0.contains(",") || $0.contains("\"") || $0.contains("\n")
                    ? "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : $0
            }
            .joined(separator: ",")
        }
        func exact(_ v: Double?) -> String { v.map { "\($0)" } ?? "" }
        let weather = r.weatherBaseline != nil
        var header = [
            "section", t(.item), "unit", t(.thisPeriod), t(.baseline), t(.change), l.pick("Change %", "增減率"), t(.explanation), "basis",
        ]
        if weather { header += [t(.weatherAdjustedChange), "± (90%)"] }
        var lines = [line(header)]
        for row in r.rows {
            var cells = [
                "consumption", t(.reportItem(row.category)), DisplayUnits.name(row.unit, l), exact(row.current), exact(row.baseline),
                exact(row.change), exact(row.changePercent), row.note ?? row.reason?.text(l) ?? "", row.basis.rawValue,
            ]
            if weather { cells += [exact(row.weatherAdjusted?.change), exact(row.weatherAdjusted?.uncertainty)] }
            lines.append(line(cells))
        }
        // Each building's rows: the item names its building.
        for row in r.buildingRows {
            let item = paren(t(.reportItem(row.category)), row.building ?? row.site ?? "", l)
            lines.append(
                line([
                    "building", item, DisplayUnits.name(row.unit, l), exact(row.current), exact(row.baseline), exact(row.change),
                    exact(row.changePercent), row.reason?.text(l) ?? "", row.basis.rawValue,
                ]))
        }
        for k in r.kpis {
            lines.append(
                line([
                    "kpi", kpiName(k, r), k.unit, exact(k.actual), exact(k.target), exact(k.margin), exact(k.attainmentPercent),
                    k.reason?.text(l) ?? "", k.status.rawValue,
                ]))
        }
        if let c = r.carbon {
            lines.append(
                line([
                    "carbon", t(.carbonItem), "kgCO2e", exact(c.currentKg), exact(c.baselineKg), exact(c.changeKg),
                    exact(c.changeKg.flatMap { c.baselineKg == 0 ? nil : $0 / c.baselineKg * 100 }),
                    c.factors.map { "\($0.year): \($0.kgCO2ePerKWh)" }.joined(separator: "; "),
                    !c.comparable ? "not_comparable" : r.inProgress ? "to_date" : "whole",
                ]))
        }
        if let m = r.money {
            let basis = r.inProgress ? "to_date" : "whole"
            lines.append(
                line(["money", t(.energyCost), "NT$", exact(m.current), exact(m.baseline), exact(m.change), "", m.tariff, basis]))
            lines.append(
                line([
                    "money", t(.pricedAt(date: m.pricedAt.description)), "NT$", exact(m.currentAtOnePrice), exact(m.baselineAtOnePrice),
                    exact(m.changeAtOnePrice), "", m.tariff, basis,
                ]))
        }
        for st in r.storage {
            let basis = r.inProgress ? "to_date" : "whole"
            let parts: [(String, (StorageEarnings) -> Double)] = [
                (t(.storageEarnings), \.total), (t(.peakShaving), \.peakShaving), (t(.touArbitrage), \.arbitrage),
                (t(.storageLosses), \.losses),
            ]
            for (label, part) in parts {
                let current = st.current.map(part)
                let baseline = st.baseline.map(part)
                lines.append(
                    line([
                        "storage", "\(label): \(st.meter)", "NT$", exact(current), exact(baseline),
                        exact(current.flatMap { c in baseline.map { c - $0 } }),
                        exact(current.flatMap { c in baseline.flatMap { $0 == 0 ? nil : (c - $0) / $0 * 100 } }), "", basis,
                    ]))
            }
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}
