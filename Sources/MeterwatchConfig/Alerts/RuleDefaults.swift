import MeterwatchCore

/// What a rule of a type does unless configured otherwise.
public struct RuleDefaults: Sendable {
    public var holdOffMs: Int64 = 0
    public var clearForMs: Int64 = 0
    public var severity: AlertSeverity = .warning
    public init(holdOffMs: Int64 = 0, clearForMs: Int64 = 0, severity: AlertSeverity = .warning) {
        self.holdOffMs = holdOffMs
        self.clearForMs = clearForMs
        self.severity = severity
    }
}
