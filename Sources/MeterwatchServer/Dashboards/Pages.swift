import Foundation
import MeterwatchAlerts
import MeterwatchConfig
import MeterwatchCore
import MeterwatchEngine
import MeterwatchStore

/// Server-rendered dashboard pages. Everything a page shows is computed here from the store and
/// the engine; the browser gets HTML, inline SVG and one stylesheet.
struct Pages {
    let state: ServerState
    let lang: Language
    let now: Int64
    /// Query parameters other than `lang` (kept in language links).
    let query: [String: String]

    var cal: LocalCalendar { state.calendar }
    func t(_ key: String) -> String { Strings.t(key, lang) }
    func e(_ s: String) -> String { HTML.escape(s) }

    // MARK: Layout

    func layout(_ def: DashboardDefinition, body: String, status: String? = nil) -> String {
        let title = def.title.text(lang) ?? def.page.rawValue
        let site = state.config.site.name.text(lang) ?? "Meterwatch"
        var nav = ""
        for p in DashboardDefinition.Page.allCases {
            let name = state.dashboards.pages[p]?.title.text(lang) ?? p.rawValue
            nav += "<a href=\"\(p.path)?lang=\(lang.rawValue)\"\(p == def.page ? " class=\"current\" aria-current=\"page\"" : "")>\(e(name))</a>"
        }
        let keep = query.filter { $0.key != "lang" }.sorted { $0.key < $1.key }.map { "&\(HTML.urlEncode($0.key))=\(HTML.urlEncode($0.value))" }.joined()
        let other: Language = lang == .en ? .zhTW : .en
        let refresh = def.refreshSeconds.map { "<meta http-equiv=\"refresh\" content=\"\($0)\">" } ?? ""
        return """
            <!doctype html>
            <html lang="\(lang.rawValue)">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">\(refresh)
            <title>\(e(title)) · \(e(site))</title><link rel="stylesheet" href="/assets/style.css"></head>
            <body class="page-\(def.page.rawValue)">
            <header><div class="site">\(e(site))</div><nav>\(nav)</nav>
            <a class="lang" href="\(def.page.path)?lang=\(other.rawValue)\(keep)" hreflang="\(other.rawValue)">\(other == .zhTW ? "中文" : "English")</a></header>
            <main><h1>\(e(title))</h1>\(status.map { "<p class=\"status\">\(e($0))</p>" } ?? "")
            \(body)
            </main>
            <footer>\(t("updated")) \(e(cal.isoString(now / 1000 * 1000)))</footer>
            </body></html>
            """
    }

    func panelTitle(_ p: DashboardDefinition.Panel, _ key: String) -> String { e(p.title?.text(lang) ?? t(key)) }

    func meters(_ p: DashboardDefinition.Panel, _ category: MeterCategory) -> [MeterConfig] {
        if !p.meters.isEmpty { return p.meters.compactMap { state.config.meter(id: $0) } }
        return state.config.meters.filter { $0.category == (p.category ?? category) }
    }

    func latest(_ meter: String, _ q: Quantity, freshMs: Int64 = 15 * 60_000) throws -> Sample? {
        guard let s = try state.store.series(SeriesKey(meter: meter, quantity: q)), let v = try state.store.latestSample(series: s.id), now - v.ms <= freshMs else { return nil }
        return v
    }

    func num(_ v: Double, _ decimals: Int = 0) -> String { DisplayFormat.number(v, decimals: decimals) }

    // MARK: Overview

    func overview(_ def: DashboardDefinition) throws -> String {
        var html = "<div class=\"grid\">"
        for p in def.panels {
            switch p.kind {
            case .power: html += try powerPanel(p)
            case .energy: html += try energyPanel(p)
            case .water: html += try waterPanel(p)
            case .ups: html += try upsPanel(p)
            case .storage: html += try storagePanel(p)
            case .alerts: html += try alertsPanel(p)
            default: break
            }
        }
        return layout(def, body: html + "</div>")
    }

    /// kW per 15-minute slot of a local day, summed over meters: from energy counters (kWh × 4),
    /// else from the mean of power gauges.
    func loadCurve(_ meters: [MeterConfig], day: CivilDate) throws -> [Double?] {
        let start = cal.startOfDay(day), end = cal.startOfDay(day.adding(days: 1))
        var slots = [Double?](repeating: nil, count: 96)
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        for m in meters {
            if let s = try state.store.series(SeriesKey(meter: m.id, quantity: .energyImport)) {
                for b in try state.store.rollups(series: s.id, resolution: .quarterHour, from: start, to: end) where b.observedMs > 0 {
                    let i = Int((b.start - start) / LocalCalendar.quarterMs)
                    // The slot in progress holds only the energy so far: divide by the time observed.
                    let hours = b.end > now ? Double(b.observedMs) / Double(msPerHour) : 0.25
                    if (0..<96).contains(i) { slots[i] = (slots[i] ?? 0) + (b.value + b.estimated) / hours }
                }
            } else if let s = try state.store.series(SeriesKey(meter: m.id, quantity: .powerActive)) {
                for b in try state.store.rollups(series: s.id, resolution: .quarterHour, from: start, to: end) {
                    let i = Int((b.start - start) / LocalCalendar.quarterMs)
                    if (0..<96).contains(i), let mean = b.mean { slots[i] = (slots[i] ?? 0) + mean / 1000 }
                }
            }
        }
        return slots
    }

    func powerPanel(_ p: DashboardDefinition.Panel) throws -> String {
        let ms = meters(p, .electricity)
        let readings = try ms.compactMap { try latest($0.id, .powerActive) }
        let now = readings.isEmpty ? nil : readings.reduce(0) { $0 + $1.value } / 1000
        let today = cal.civilDate(at: self.now)
        let curveToday = try loadCurve(ms, day: today), curveLast = try loadCurve(ms, day: today.adding(days: -7))
        let chart = SVGChart.lines([
            .init(name: t("last_week"), cssClass: "series-last-week", points: curveLast.enumerated().map { (Double($0.offset) / 4, $0.element) }),
            .init(name: t("today"), cssClass: "series-today", points: curveToday.enumerated().map { (Double($0.offset) / 4, $0.element) }),
        ], xMax: 24, xTicks: stride(from: 0, through: 24, by: 3).map { (Double($0), String(format: "%02d", $0)) }, unit: "kW", label: t("load_today"))
        return """
            <section class="panel power"><h2>\(panelTitle(p, "power_now"))</h2>
            <p class="big" data-testid="power-now">\(now.map { "\(num($0, 0)) <span class=\"unit\">kW</span>" } ?? "<span class=\"na\">\(t("no_data"))</span>")</p>
            <h3>\(t("load_today"))</h3>\(chart)</section>
            """
    }

    /// Consumption so far against the same span last year: today 00:00→now against the same date
    /// last year 00:00→same time; this month from the 1st likewise (15-minute resolution).
    struct SoFar { var current: Double; var baseline: Double; var baselineObserved: Bool }

    func soFar(_ ids: [Int64], from: Int64) throws -> SoFar {
        let lastYear = cal.civilDate(at: from)
        let ly = CivilDate(year: lastYear.year - 1, month: lastYear.month, day: min(lastYear.day, CivilDate.daysInMonth(year: lastYear.year - 1, month: lastYear.month)))
        let lyStart = cal.startOfDay(ly)
        let current = try state.store.totals(series: ids, from: from, to: now)
        let baseline = try state.store.totals(series: ids, from: lyStart, to: lyStart + (now - from))
        return SoFar(current: current.value + current.estimated, baseline: baseline.value + baseline.estimated, baselineObserved: baseline.observedMs > 0 || baseline.count > 0)
    }

    func compareRow(_ label: String, _ c: SoFar?, unit: String) -> String {
        guard let c else { return "<tr><th>\(e(label))</th><td colspan=\"3\" class=\"na\">\(t("no_data"))</td></tr>" }
        let change = c.current - c.baseline
        let pct = c.baselineObserved && c.baseline != 0 ? DisplayFormat.number(change / c.baseline * 100, decimals: 2, explicitPlus: true) + " %" : "—"
        let cls = change < 0 ? "down" : (change > 0 ? "up" : "")
        return "<tr><th>\(e(label))</th><td class=\"num\">\(num(c.current)) \(e(unit))</td><td class=\"num\">\(c.baselineObserved ? "\(num(c.baseline)) \(e(unit))" : "—")</td><td class=\"num \(cls)\">\(pct)</td></tr>"
    }

    func energyPanel(_ p: DashboardDefinition.Panel) throws -> String {
        let category = p.category ?? .electricity
        let engine = ComparisonEngine(config: state.config, store: state.store, now: now)
        let keys = p.meters.isEmpty ? try engine.siteMeters(category) : p.meters.compactMap { id in state.config.meter(id: id).map { SeriesKey(meter: id, quantity: $0.mainQuantity) } }
        let ids = try keys.compactMap { try state.store.series($0)?.id }
        let today = cal.civilDate(at: now)
        let day = ids.isEmpty ? nil : try soFar(ids, from: cal.startOfDay(today))
        let month = ids.isEmpty ? nil : try soFar(ids, from: cal.startOfDay(CivilDate(year: today.year, month: today.month, day: 1)))
        let unit = DisplayUnits.name(category.mainQuantity.canonical?.unit ?? "", lang)
        return """
            <section class="panel energy"><h2>\(panelTitle(p, category == .water ? "water" : "energy"))</h2>
            <table class="figures"><thead><tr><th></th><th>\(t("this_period"))</th><th>\(t("last_year"))</th><th>\(t("change"))</th></tr></thead><tbody>
            \(compareRow(t("today_kwh"), day, unit: unit))\(compareRow(t("month_kwh"), month, unit: unit))
            </tbody></table><p class="note">\(t("so_far_note"))</p></section>
            """
    }

    func waterPanel(_ p: DashboardDefinition.Panel) throws -> String {
        let ms = meters(p, .water)
        let flows = try ms.compactMap { try latest($0.id, .flowRate) }
        let flow = flows.isEmpty ? nil : flows.reduce(0) { $0 + $1.value }
        let ids = try ms.compactMap { try state.store.series(SeriesKey(meter: $0.id, quantity: .volume))?.id }
        let used = ids.isEmpty ? nil : try soFar(ids, from: cal.startOfDay(cal.civilDate(at: now))).current
        return """
            <section class="panel water"><h2>\(panelTitle(p, "water"))</h2>
            <div class="pair"><div><div class="label">\(t("flow_now"))</div><p class="big" data-testid="flow-now">\(flow.map { "\(num($0, 2)) <span class=\"unit\">m³/h</span>" } ?? "<span class=\"na\">\(t("no_data"))</span>")</p></div>
            <div><div class="label">\(t("water_today"))</div><p class="big">\(used.map { "\(num($0, 1)) <span class=\"unit\">m³</span>" } ?? "<span class=\"na\">\(t("no_data"))</span>")</p></div></div>
            </section>
            """
    }

    func upsPanel(_ p: DashboardDefinition.Panel) throws -> String {
        var rows = ""
        for m in meters(p, .ups) {
            // A stored value that is no status mask (kept from before plausibility checks) shows as missing.
            let status = try latest(m.id, "ups_status").flatMap { UPSFlags(storedValue: $0.value) }
            let charge = try latest(m.id, "battery_charge"), load = try latest(m.id, "ups_load"), runtime = try latest(m.id, "battery_runtime")
            let bad = status.map { $0.contains(.onBattery) || $0.contains(.lowBattery) || $0.contains(.replaceBattery) || $0.contains(.overload) } ?? false
            rows += "<tr><th>\(e(m.displayName(lang)))</th><td class=\"\(bad ? "alarm" : "ok")\">\(e(status?.description ?? t("no_data")))</td>"
            rows += "<td>\(charge.map { SVGChart.meter(percent: $0.value, cssClass: "battery", label: "\(t("battery")) \(num($0.value)) %") + " \(num($0.value)) %" } ?? "—")</td>"
            rows += "<td class=\"num\">\(load.map { "\(num($0.value)) %" } ?? "—")</td><td class=\"num\">\(runtime.map { "\(num($0.value / 60)) min" } ?? "—")</td></tr>"
        }
        guard !rows.isEmpty else { return "" }
        return """
            <section class="panel ups"><h2>\(panelTitle(p, "ups"))</h2><table><thead><tr><th></th><th>\(t("status"))</th><th>\(t("battery"))</th><th>\(t("load"))</th><th>\(t("runtime"))</th></tr></thead>
            <tbody>\(rows)</tbody></table></section>
            """
    }

    func storagePanel(_ p: DashboardDefinition.Panel) throws -> String {
        var rows = ""
        for m in meters(p, .storage) {
            let soc = try latest(m.id, "storage_soc"), power = try latest(m.id, "storage_power")
            let mode = power.map { $0.value > 1 ? t("discharging") : ($0.value < -1 ? t("charging") : t("idle")) } ?? t("no_data")
            rows += "<tr><th>\(e(m.displayName(lang)))</th><td>\(soc.map { SVGChart.meter(percent: $0.value, cssClass: "soc", label: "\(t("soc")) \(num($0.value)) %") + " \(num($0.value, 1)) %" } ?? "—")</td>"
            rows += "<td class=\"num\">\(power.map { "\(num($0.value / 1000, 1)) kW" } ?? "—")</td><td>\(e(mode))</td></tr>"
        }
        guard !rows.isEmpty else { return "" }
        return """
            <section class="panel storage"><h2>\(panelTitle(p, "storage"))</h2><table><thead><tr><th></th><th>\(t("soc"))</th><th>kW</th><th>\(t("status"))</th></tr></thead>
            <tbody>\(rows)</tbody></table></section>
            """
    }

    func alertsPanel(_ p: DashboardDefinition.Panel) throws -> String {
        let firing = try state.store.alerts(state: .firing, limit: 50)
        let items = firing.map { a in
            "<li class=\"sev-\(a.severity.rawValue)\"><span class=\"sev\">\(e(a.severity.rawValue))</span> <a href=\"/alerts?lang=\(lang.rawValue)#alert-\(a.id)\">\(e(lang == .zhTW ? a.messageZH : a.messageEN))</a></li>"
        }.joined()
        return """
            <section class="panel alerts"><h2>\(panelTitle(p, "firing_alerts")) <span class="count">\(firing.count)</span></h2>
            \(firing.isEmpty ? "<p class=\"ok\">\(t("no_alerts"))</p>" : "<ul class=\"alert-list\">\(items)</ul>")</section>
            """
    }

    // MARK: Compare

    func periodForm(_ def: DashboardDefinition, period: String, withAgainst: Bool = true) -> String {
        let against = query["against"] ?? "previous-year"
        return """
            <form class="picker" method="get" action="\(def.page.path)"><input type="hidden" name="lang" value="\(lang.rawValue)">
            <label>\(t("period")) <input name="period" value="\(e(period))" placeholder="2025, 2025H2, roc:114H2, 2025-07"></label>
            \(withAgainst ? "<label>\(t("against")) <input name=\"against\" value=\"\(e(against))\"></label>" : "")
            <button type="submit">\(t("show"))</button></form>
            """
    }

    func currentPeriod(_ def: DashboardDefinition) -> String {
        query["period"] ?? def.defaultPeriod ?? String(cal.civilDate(at: now).year)
    }

    func compare(_ def: DashboardDefinition) throws -> String {
        let periodText = currentPeriod(def)
        var body = periodForm(def, period: periodText)
        let period: Period, against: Baseline
        do { period = try Period.parse(periodText); against = try Baseline.parse(query["against"] ?? "previous-year") } catch {
            return layout(def, body: body + "<p class=\"error\">\(e("\(error)"))</p>")
        }
        let engine = ComparisonEngine(config: state.config, store: state.store, now: now)
        for p in def.panels {
            if p.kind == .weather { body += weatherPanel(p, engine: engine, reporting: period, against: against); continue }
            guard p.kind == .monthly else { continue }
            let category = p.category ?? .electricity
            let selection: Selection = p.meters.count == 1 ? .meter(p.meters[0]) : .category(category)
            let title = p.title?.text(lang) ?? (category == .water ? t("water") : category == .electricity ? t("energy") : category == .fuel ? t("fuel") : category.rawValue)
            do {
                let sel = try engine.resolve(selection)
                let c = try engine.compare(sel, period: period, against: against, language: lang)
                let months = try engine.monthly(sel, period: period, against: against)
                let unit = DisplayUnits.name(c.current.unit, lang)
                let labels = months.map { lang == .zhTW ? "\($0.month.start.month)月" : String($0.month.id.suffix(2)) }
                let chart = SVGChart.bars(labels: labels, series: [
                    (c.baseline.label, "series-baseline", months.map { $0.baseline }),
                    (c.current.label, "series-current", months.map { $0.current }),
                ], unit: unit, label: "\(title) \(c.current.label)")
                var rows = ""
                for m in months {
                    let pct = m.baseline != 0 ? DisplayFormat.number((m.current - m.baseline) / m.baseline * 100, decimals: 2, explicitPlus: true) + " %" : "—"
                    rows += "<tr><th>\(e(m.month.id))</th><td class=\"num\">\(num(m.current))</td><td class=\"num\">\(num(m.baseline))</td><td class=\"num\">\(num(m.current - m.baseline))</td><td class=\"num\">\(pct)</td></tr>"
                }
                let pct = c.change.percent.map { DisplayFormat.number($0, decimals: 2, explicitPlus: true) + " %" } ?? "—"
                rows += "<tr class=\"total\"><th>\(t("total"))</th><td class=\"num\">\(num(c.current.value))</td><td class=\"num\">\(num(c.baseline.value))</td><td class=\"num\">\(DisplayFormat.number(c.change.absolute, decimals: 0, explicitPlus: true))</td><td class=\"num\">\(pct)</td></tr>"
                body += """
                    <section class="panel monthly"><h2>\(e(title)): \(e(c.current.label)) / \(e(c.baseline.label))</h2>\(chart)
                    <table class="figures"><thead><tr><th>\(t("month"))</th><th>\(e(c.current.label)) (\(e(unit)))</th><th>\(e(c.baseline.label)) (\(e(unit)))</th><th>\(t("change"))</th><th>%</th></tr></thead>
                    <tbody>\(rows)</tbody></table>\(c.warnings.map { "<p class=\"warning\">\(e($0))</p>" }.joined())</section>
                    """
            } catch {
                body += "<section class=\"panel monthly\"><h2>\(e(title))</h2><p class=\"na\">\(e("\(error)"))</p></section>"
            }
        }
        return layout(def, body: body)
    }

    /// The weather-normalised view: daily use against outdoor temperature, the baseline model and
    /// the reporting period's model drawn over it, and avoided use with its uncertainty.
    func weatherPanel(_ p: DashboardDefinition.Panel, engine: ComparisonEngine, reporting: Period, against: Baseline) -> String {
        let category = p.category ?? .electricity
        let selection: Selection = p.meters.count == 1 ? .meter(p.meters[0]) : .category(category)
        let title = p.title?.text(lang) ?? t("weather_title")
        do {
            let baseline = try p.baseline.map { try Period.parse($0) } ?? engine.baselinePeriod(for: reporting, against).0
            let r = try SavingsEngine(comparison: engine).savings(selection, baseline: baseline, reporting: reporting)
            let unit = DisplayUnits.name(r.unit, lang)
            let perDay = lang == .zhTW ? "\(unit)／日" : "\(unit)/day"
            func pointTitle(_ pt: SavingsEngine.Point) -> String {
                let span = pt.days > 1 ? " (\(pt.days) \(t("days")))" : ""
                return "\(pt.day)\(span): \(DisplayFormat.number(pt.temperature, decimals: 1)) °C, \(DisplayFormat.number(pt.usage, decimals: 0)) \(perDay)"
            }
            let temps = r.points.map(\.temperature)
            func line(_ m: DailyModel, _ name: String, _ cls: String) -> SVGChart.Line {
                // The model is piecewise linear: its breakpoints and the ends draw it exactly.
                guard let lo = temps.min(), let hi = temps.max() else { return .init(name: name, cssClass: cls, points: []) }
                let xs = ([lo, hi] + [m.heatingBalancePoint, m.coolingBalancePoint].compactMap { $0 }.filter { $0 > lo && $0 < hi }).sorted()
                return .init(name: name, cssClass: cls, points: xs.map { ($0, m.predict(temperature: $0)) })
            }
            var lines = [line(r.model, t("baseline_model"), "fit-baseline")]
            if let rm = r.reportingModel { lines.append(line(rm, t("reporting_model"), "fit-current")) }
            let chart = SVGChart.scatter([
                .init(name: baseline.label(lang), cssClass: "series-baseline", points: r.points.filter { $0.period == "baseline" }.map { ($0.temperature, $0.usage, pointTitle($0)) }),
                .init(name: reporting.label(lang), cssClass: "series-current", points: r.points.filter { $0.period == "reporting" }.map { ($0.temperature, $0.usage, pointTitle($0)) }),
            ], lines: lines, xUnit: "°C", yUnit: perDay, label: "\(title): \(t("usage_vs_temperature"))")
            let m = r.model
            var terms = ["\(DisplayFormat.number(m.intercept, decimals: 1))"]
            if let b = m.heatingSlope, let bp = m.heatingBalancePoint { terms.append("\(DisplayFormat.number(b, decimals: 2)) × HDD(\(DisplayFormat.number(bp, decimals: 1)) °C)") }
            if let b = m.coolingSlope, let bp = m.coolingBalancePoint { terms.append("\(DisplayFormat.number(b, decimals: 2)) × CDD(\(DisplayFormat.number(bp, decimals: 1)) °C)") }
            let s = r.statistics
            let rows = [
                (t("counterfactual"), num(r.reportingPredicted)),
                (t("metered"), num(r.reportingObserved)),
                (t("avoided_use"), "\(DisplayFormat.number(r.savings, decimals: 0, explicitPlus: true)) ± \(num(r.uncertainty.absolute)) (\(DisplayFormat.number(r.savingsPercent, decimals: 2)) %)"),
                (t("raw_change_per_day"), DisplayFormat.number(r.rawChangePerDay, decimals: 1, explicitPlus: true)),
            ].map { "<tr><th>\(e($0.0))</th><td class=\"num\">\(e($0.1))</td></tr>" }.joined()
            var notes = [
                "\(t("model")) (\(r.method.rawValue), \(m.kind.rawValue)): \(perDay) = \(terms.joined(separator: " + ")); R² \(DisplayFormat.number(s.r2, decimals: 3)), CV(RMSE) \(DisplayFormat.number(s.cvrmse * 100, decimals: 1)) %, NMBE \(DisplayFormat.number(s.nmbe * 100, decimals: 2)) %, n \(s.n); \(t("uncertainty_at")) \(DisplayFormat.number(r.confidence * 100, decimals: 0)) %.",
            ]
            if !r.sufficiency.sufficient { notes.append(t("insufficient_baseline") + ": " + r.sufficiency.reasons.joined(separator: "; ")) }
            if !r.meetsGuideline14 { notes.append(t("outside_guideline14")) }
            return """
                <section class="panel weather"><h2>\(e(title)): \(e(reporting.label(lang))) / \(t("baseline_model")) \(e(baseline.label(lang)))</h2>\(chart)
                <table class="figures"><thead><tr><th></th><th class="num">\(e(unit))</th></tr></thead><tbody>\(rows)</tbody></table>
                \(notes.map { "<p class=\"note\">\(e($0))</p>" }.joined())</section>
                """
        } catch {
            return "<section class=\"panel weather\"><h2>\(e(title))</h2><p class=\"na\">\(e("\(error)"))</p></section>"
        }
    }

    // MARK: KPIs, alerts, devices, report

    func kpis(_ def: DashboardDefinition) throws -> String {
        let periodText = currentPeriod(def)
        var body = periodForm(def, period: periodText, withAgainst: false)
        guard let period = try? Period.parse(periodText) else { return layout(def, body: body + "<p class=\"error\">\(e(periodText))</p>") }
        let results = try KPIEvaluator(engine: ComparisonEngine(config: state.config, store: state.store, now: now)).evaluate(period: period, language: lang)
        var rows = ""
        for r in results {
            let unit = r.unit == "%" ? "%" : " \(r.unit)"
            let att = r.attainmentPercent.map { SVGChart.meter(percent: $0, cssClass: "attainment", label: "\(t("attainment")) \(DisplayFormat.number($0, decimals: 2)) %") + " \(DisplayFormat.number($0, decimals: 2)) %" } ?? "—"
            rows += "<tr><th>\(e(r.name))</th><td class=\"num\">\(DisplayFormat.asWritten(r.target))\(e(unit))</td><td class=\"num\">\(r.actual.map { DisplayFormat.asWritten($0) + unit } ?? "—")</td><td>\(att)</td><td>\(e(r.status))\(r.reason.map { " — \(e($0))" } ?? "")</td></tr>"
        }
        body += "<section class=\"panel kpis\"><table><thead><tr><th>\(t("kpi"))</th><th>\(t("target"))</th><th>\(t("actual"))</th><th>\(t("attainment"))</th><th>\(t("status"))</th></tr></thead><tbody>\(rows)</tbody></table></section>"
        return layout(def, body: body)
    }

    func alerts(_ def: DashboardDefinition, status: String?) throws -> String {
        let list = try state.store.alerts(state: nil, limit: 200).sorted { ($0.state.isActive ? 0 : 1, -$0.id) < ($1.state.isActive ? 0 : 1, -$1.id) }
        var rows = ""
        for a in list {
            let since = a.state == .resolved ? a.resolvedAtMs : (a.firedAtMs ?? a.startedAtMs)
            var ackCell = a.ackedBy.map { "\(t("acked")): \(e($0))\(a.ackComment.map { " — \(e($0))" } ?? "")" } ?? ""
            if a.state.isActive && a.ackedBy == nil {
                ackCell = """
                    <form class="ack" method="post" action="/alerts/\(a.id)/ack?lang=\(lang.rawValue)">
                    <input name="by" placeholder="\(t("your_name"))" required maxlength="100"><input name="comment" placeholder="\(t("comment"))" maxlength="2000">
                    <input name="token" type="password" placeholder="\(t("token"))" required autocomplete="current-password"><button type="submit">\(t("acknowledge"))</button></form>
                    """
            }
            rows += "<tr id=\"alert-\(a.id)\" class=\"state-\(a.state.rawValue) sev-\(a.severity.rawValue)\"><td>\(a.id)</td><td>\(e(a.state.rawValue))</td><td>\(e(a.severity.rawValue))</td><td>\(e(a.rule))<br><small>\(e(a.subject))</small></td><td>\(since.map { e(cal.isoString($0)) } ?? "")</td><td>\(e(lang == .zhTW ? a.messageZH : a.messageEN))</td><td>\(ackCell)</td></tr>"
        }
        let table = list.isEmpty ? "<p class=\"ok\">\(t("no_alerts"))</p>" : """
            <table class="alerts"><thead><tr><th>#</th><th>\(t("state"))</th><th>\(t("severity"))</th><th>\(t("alert"))</th><th>\(t("since"))</th><th>\(t("message"))</th><th>\(t("acknowledge"))</th></tr></thead><tbody>\(rows)</tbody></table>
            """
        return layout(def, body: "<section class=\"panel\">\(table)</section>", status: status)
    }

    func devices(_ def: DashboardDefinition) throws -> String {
        let rows = try APIRoutes.deviceHealth(state).map { h in
            "<tr class=\"dev-\(h.state.replacingOccurrences(of: " ", with: "-"))\"><th>\(e(h.meter))</th><td>\(e(h.profile))</td><td>\(e(h.link)) / \(h.unit)</td><td>\(e(h.state))</td><td class=\"num\">\(h.requests)</td><td>\(e(h.errors.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")))</td><td>\(e(h.lastSuccess ?? ""))</td><td class=\"num\">\(h.latencyMs.map { DisplayFormat.number($0, decimals: 1) + " ms" } ?? "")</td><td>\(e(h.lastError ?? ""))</td></tr>"
        }.joined()
        let table = rows.isEmpty ? "<p>\(t("no_devices"))</p>" : """
            <table><thead><tr><th>\(t("device"))</th><th>profile</th><th>\(t("link"))</th><th>\(t("state"))</th><th>\(t("requests"))</th><th>\(t("errors"))</th><th>\(t("last_success"))</th><th>\(t("latency"))</th><th>\(t("last_error"))</th></tr></thead><tbody>\(rows)</tbody></table>
            """
        return layout(def, body: "<section class=\"panel\">\(table)</section>")
    }

    func report(_ def: DashboardDefinition) throws -> String {
        let periodText = currentPeriod(def)
        var body = periodForm(def, period: periodText)
        do {
            let period = try Period.parse(periodText), against = try Baseline.parse(query["against"] ?? "previous-year")
            let report = try ReportBuilder(engine: ComparisonEngine(config: state.config, store: state.store, now: now)).build(period: period, against: against, language: lang)
            let html = ReportRenderer.render(report, format: .html)
            // The renderer writes a whole document; the page embeds its body.
            let inner = html.range(of: "<body>").flatMap { a in html.range(of: "</body>").map { String(html[a.upperBound..<$0.lowerBound]) } } ?? html
            let q = "period=\(HTML.urlEncode(period.id))&against=\(HTML.urlEncode(against.id))&lang=\(lang.rawValue)"
            body += """
                <p class="actions noprint"><a href="/api/v1/reports?\(q)&format=csv&download=1">\(t("download")) CSV</a>
                <a href="/api/v1/reports?\(q)&format=md&download=1">\(t("download")) Markdown</a>
                <button type="button" onclick="window.print()">\(t("print"))</button></p>
                <article class="report">\(inner)</article>
                """
        } catch {
            body += "<p class=\"error\">\(e("\(error)"))</p>"
        }
        return layout(def, body: body)
    }
}
