import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore

/// The life of one alert (one rule, one subject), step by step:
///
/// ```
///   (none) --trigger--> pending --trigger, held ≥ for:--> firing --clear, held ≥ clear_for:--> resolved
///                          |--clear--> cancelled             |--trigger, every repeat: unless acknowledged--> repeat
/// ```
/// `hold` (between the trigger and the clear thresholds) and `unknown` change nothing, which is
/// what keeps input hovering around a threshold from flapping the alert.
public enum AlertLifecycle {
    /// Events that are notified; `pending` and `cancelled` are only recorded.
    public static let notifiedEvents: Set<String> = ["firing", "resolved", "repeat"]

    public static func step(_ current: StoredAlert?, _ obs: Observation, rule: AlertRule, at t: Int64) -> AlertChange? {
        guard var a = current else {
            guard obs.level == .trigger else { return nil }
            var a = StoredAlert(rule: rule.id, subject: obs.subject, meter: obs.meter, type: rule.condition.typeName, severity: rule.severity,
                                state: .pending, startedAtMs: t, updatedAtMs: t)
            update(&a, obs)
            if rule.holdOffMs <= 0 {
                a.state = .firing; a.firedAtMs = t; a.lastNotifiedAtMs = t
                return AlertChange(alert: a, event: "firing", atMs: t)
            }
            return AlertChange(alert: a, event: "pending", atMs: t)
        }
        switch (a.state, obs.level) {
        case (.pending, .trigger):
            update(&a, obs)
            guard t - a.startedAtMs >= rule.holdOffMs else { return nil }
            a.state = .firing; a.firedAtMs = t; a.lastNotifiedAtMs = t; a.updatedAtMs = t
            return AlertChange(alert: a, event: "firing", atMs: t)
        case (.pending, .clear):
            a.state = .cancelled; a.resolvedAtMs = t; a.updatedAtMs = t
            update(&a, obs, messages: false)
            return AlertChange(alert: a, event: "cancelled", atMs: t)
        case (.firing, .trigger), (.firing, .hold):
            let wasClearing = a.clearSinceMs != nil
            a.clearSinceMs = nil
            if obs.level == .trigger { update(&a, obs) }
            if obs.level == .trigger, let every = rule.repeatMs, a.ackedAtMs == nil, t - (a.lastNotifiedAtMs ?? a.firedAtMs ?? t) >= every {
                a.lastNotifiedAtMs = t; a.updatedAtMs = t
                return AlertChange(alert: a, event: "repeat", atMs: t)
            }
            // Persist a cancelled clear timer, and refresh the shown value now and then.
            if wasClearing || t - a.updatedAtMs >= 300_000 {
                a.updatedAtMs = t
                return AlertChange(alert: a, event: nil, atMs: t)
            }
            return nil
        case (.firing, .clear):
            if a.clearSinceMs == nil {
                a.clearSinceMs = t
                if rule.clearForMs > 0 { a.updatedAtMs = t; return AlertChange(alert: a, event: nil, atMs: t) }
            }
            guard t - a.clearSinceMs! >= rule.clearForMs else { return nil }
            a.state = .resolved; a.resolvedAtMs = t; a.lastNotifiedAtMs = t; a.updatedAtMs = t
            update(&a, obs, messages: false)
            return AlertChange(alert: a, event: "resolved", atMs: t)
        default:
            return nil
        }
    }

    static func update(_ a: inout StoredAlert, _ obs: Observation, messages: Bool = true) {
        if let v = obs.value { a.value = v }
        if let th = obs.threshold { a.threshold = th }
        if !obs.unit.isEmpty { a.unit = obs.unit }
        if messages && !obs.messageEN.isEmpty { a.messageEN = obs.messageEN; a.messageZH = obs.messageZH }
        for (k, v) in obs.details { a.details[k] = v }
    }
}

/// Where alert state lives: the store for the service, memory for replays.
public protocol AlertBook: AnyObject {
    func activeAlerts() throws -> [StoredAlert]
    /// Stores changes (assigning ids to new alerts) and queues their notifications.
    func commit(_ changes: [AlertChange]) throws -> [AlertChange]
}

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

    public init(config: SiteConfig, calendar: LocalCalendar) {
        self.init(rules: config.alerts.rules, meters: config.meters, calendar: calendar)
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

/// Alert state in memory, for replays over history (`meterwatch alerts evaluate`).
public final class MemoryAlertBook: AlertBook {
    public private(set) var alerts: [Int64: StoredAlert] = [:]
    public private(set) var history: [AlertChange] = []
    private var nextID: Int64 = 1

    public init() {}

    public func activeAlerts() throws -> [StoredAlert] { alerts.values.filter { $0.state.isActive }.sorted { $0.id < $1.id } }

    public func commit(_ changes: [AlertChange]) throws -> [AlertChange] {
        changes.map { c in
            var c = c
            if c.alert.id == 0 { c.alert.id = nextID; nextID += 1 }
            alerts[c.alert.id] = c.alert
            if c.event != nil { history.append(c) }
            return c
        }
    }
}
