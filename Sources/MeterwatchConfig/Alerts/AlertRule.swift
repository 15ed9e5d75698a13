import MeterwatchCore

/// One alert rule from the site configuration, with the meters it watches resolved.
public struct AlertRule: Sendable, Hashable {
    public var id: String
    /// What the rule watches for (`NightFlowCondition`, `StaleCondition`…).
    public var condition: any AlertCondition
    /// Meter ids the rule watches (from `meters:` and `tags:`, or every meter the type applies to).
    public var meters: [String]
    public var severity: AlertSeverity
    /// How long the condition must hold before a pending alert fires (`for:`).
    public var holdOffMs: Int64
    /// How long the condition must stay clear before a firing alert resolves (`clear_for:`).
    public var clearForMs: Int64
    /// Re-notify a firing, unacknowledged alert this often (`repeat:`); nil: never.
    public var repeatMs: Int64?
    /// Webhook ids to notify; nil means every configured webhook.
    public var notify: [String]?
    /// The building whose meters it watches (`site:`); nil: every building's.
    public var site: String?
    public var line: Int?

    public init(
        id: String, condition: any AlertCondition, meters: [String], severity: AlertSeverity = .warning, holdOffMs: Int64 = 0,
        clearForMs: Int64 = 0, repeatMs: Int64? = nil, notify: [String]? = nil, line: Int? = nil
    ) {
        self.id = id
        self.condition = condition
        self.meters = meters
        self.severity = severity
        self.holdOffMs = holdOffMs
        self.clearForMs = clearForMs
        self.repeatMs = repeatMs
        self.notify = notify
        self.line = line
    }

    public static func == (a: AlertRule, b: AlertRule) -> Bool {
        a.id == b.id && AnyHashable(a.condition) == AnyHashable(b.condition) && a.meters == b.meters && a.severity == b.severity
            && a.holdOffMs == b.holdOffMs && a.clearForMs == b.clearForMs && a.repeatMs == b.repeatMs && a.notify == b.notify
            && a.site == b.site && a.line == b.line
    }

    public func hash(into h: inout Hasher) {
        h.combine(id)
        h.combine(AnyHashable(condition))
        h.combine(meters)
    }
}
