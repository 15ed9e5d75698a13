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
    public static let notifiedEvents = AlertEventKind.notified

    public static func step(_ current: StoredAlert?, _ obs: Observation, rule: AlertRule, at t: Int64) -> AlertChange? {
        guard var a = current else {
            guard obs.level == .trigger else { return nil }
            var a = StoredAlert(
                rule: rule.id, subject: obs.subject, meter: obs.meter, type: rule.condition.typeName, severity: rule.severity,
                state: .pending, startedAtMs: t, updatedAtMs: t)
            update(&a, obs)
            if rule.holdOffMs <= 0 {
                a.state = .firing
                a.firedAtMs = t
                a.lastNotifiedAtMs = t
                return AlertChange(alert: a, event: .firing, atMs: t)
            }
            return AlertChange(alert: a, event: .pending, atMs: t)
        }
        switch (a.state, obs.level) {
        case (.pending, .trigger):
            update(&a, obs)
            guard t - a.startedAtMs >= rule.holdOffMs else { return nil }
            a.state = .firing
            a.firedAtMs = t
            a.lastNotifiedAtMs = t
            a.updatedAtMs = t
            return AlertChange(alert: a, event: .firing, atMs: t)
        case (.pending, .clear):
            a.state = .cancelled
            a.resolvedAtMs = t
            a.updatedAtMs = t
            update(&a, obs, messages: false)
            return AlertChange(alert: a, event: .cancelled, atMs: t)
        case (.firing, .trigger), (.firing, .hold):
            let wasClearing = a.clearSinceMs != nil
            a.clearSinceMs = nil
            if obs.level == .trigger { update(&a, obs) }
            if obs.level == .trigger, let every = rule.repeatMs, a.ackedAtMs == nil, t - (a.lastNotifiedAtMs ?? a.firedAtMs ?? t) >= every {
                a.lastNotifiedAtMs = t
                a.updatedAtMs = t
                return AlertChange(alert: a, event: .repeat, atMs: t)
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
                if rule.clearForMs > 0 {
                    a.updatedAtMs = t
                    return AlertChange(alert: a, event: nil, atMs: t)
                }
            }
            guard t - a.clearSinceMs! >= rule.clearForMs else { return nil }
            a.state = .resolved
            a.resolvedAtMs = t
            a.lastNotifiedAtMs = t
            a.updatedAtMs = t
            update(&a, obs, messages: false)
            return AlertChange(alert: a, event: .resolved, atMs: t)
        default:
            return nil
        }
    }

    static func update(_ a: inout StoredAlert, _ obs: Observation, messages: Bool = true) {
        if let v = obs.value { a.value = v }
        if let th = obs.threshold { a.threshold = th }
        if !obs.unit.isEmpty { a.unit = obs.unit }
        if messages, let message = obs.message {
            a.messageEN = message.text(.en)
            a.messageZH = message.text(.zhTW)
        }
        for (k, v) in obs.details { a.details[k] = v }
    }
}
