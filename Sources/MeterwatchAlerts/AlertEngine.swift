import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore
import MeterwatchTariffs

/// Evaluates every rule at an instant and moves each alert along its lifecycle.
///
/// ```swift
/// let engine = AlertEngine(config: config, calendar: calendar)
/// let data = try AlertData(store: store)
/// try data.preload(engine.needs, from: now, to: now)
/// let changes = try engine.evaluate(at: now, data: data, book: StoreAlertBook(store: store, …))
/// ```
public struct AlertEngine: Sendable {
    public let rules: [AlertRule]
    public var evaluator: ConditionEvaluator

    public init(rules: [AlertRule], meters: [MeterConfig], calendar: LocalCalendar) {
        self.rules = rules
        self.evaluator = ConditionEvaluator(calendar: calendar, meters: meters)
    }

    /// With the tariffs of the billed meters (a catalog that does not load leaves them out: `serve`
    /// has checked it at start).
    public init(config: SiteConfig, calendar: LocalCalendar) {
        self.init(rules: config.alerts.rules, meters: config.meters, calendar: calendar)
        if let catalog = try? TariffCatalog(folders: [config.tariffsDirectory]) {
            for m in config.meters {
                if let id = m.billing?.tariff, let t = try? catalog.tariff(id) { evaluator.tariffs[m.id] = t }
            }
        }
    }

    public var needs: [SeriesNeed] { rules.flatMap { evaluator.needs($0) } }

    /// What every rule observes at `t`, without changing any state (for `alerts rules` and tests).
    public func observe(at t: Int64, data: AlertData) -> [(rule: AlertRule, observation: Observation)] {
        rules.flatMap { r in evaluator.observe(r, at: t, data: data).map { (r, $0) } }
    }

    /// Evaluates all rules at `t` against `data` and commits the resulting changes to `book`.
    @discardableResult
    public func evaluate(at t: Int64, data: AlertData, book: some AlertBook) throws -> [AlertChange] {
        var active: [String: StoredAlert] = [:]
        for a in try book.activeAlerts() { active["\(a.rule)\u{1F}\(a.subject)"] = a }
        var changes: [AlertChange] = []
        for rule in rules {
            for obs in evaluator.observe(rule, at: t, data: data) {
                if let c = AlertLifecycle.step(active["\(rule.id)\u{1F}\(obs.subject)"], obs, rule: rule, at: t) { changes.append(c) }
            }
        }
        return try book.commit(changes)
    }
}
