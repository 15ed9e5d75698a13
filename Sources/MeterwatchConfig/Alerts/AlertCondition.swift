import MeterwatchCore

/// What an alert rule watches for, as the site configures it: one type per kind of rule, each
/// with its parameters labelled (thresholds in canonical units: m³/h, %, kW). The evaluation lives
/// in MeterwatchAlerts (`EvaluatedCondition`).
///
/// ```swift
/// let c = NightFlowCondition(threshold: 0.2, clearBelow: 0.16, nights: 3, window: DailyWindow(startMinute: 60, endMinute: 240))
/// c.summary      // "min flow in 01:00–04:00 > 0.2 m³/h for 3 nights; clears ≤ 0.16"
/// ```
/// To add a type: a struct conforming to this protocol, listed in `AlertsConfig.conditionTypes`,
/// and its evaluation in MeterwatchAlerts.
public protocol AlertCondition: Sendable, Hashable {
    /// The `type:` of the rule (`night_flow`).
    static var typeName: String { get }
    /// The rule's keys this type reads, besides the common ones (`id`, `meters`, `for`…).
    static var keys: Set<String> { get }
    /// The meters a rule of this type may watch, and watches when none are named.
    static func applies(to meter: MeterConfig) -> Bool
    /// "water meters", for errors.
    static var watches: String { get }
    /// Hold-off, clear time and severity when the rule does not say.
    static var defaults: RuleDefaults { get }
    /// Reads the type's keys from a rule's mapping.
    init(_ rule: RuleReader) throws(ConfigError)
    /// The condition in a line (`meterwatch alerts rules`).
    var summary: String { get }
}

extension AlertCondition {
    public var typeName: String { Self.typeName }
    public static var defaults: RuleDefaults { RuleDefaults() }
}
