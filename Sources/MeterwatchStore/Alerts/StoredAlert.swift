import Foundation
import GRDB
import MeterwatchCore

/// An alert as stored: one rule, one subject (a meter, or a meter and a flag such as `ups-1:OB`).
public struct StoredAlert: Sendable, Hashable, Codable {
    /// 0 until the alert is first stored.
    public var id: Int64
    public var rule: String
    public var subject: String
    public var meter: String
    /// The rule's type (`night_flow`, `ups`…).
    public var type: String
    public var severity: AlertSeverity
    public var state: AlertState
    /// When the condition was first seen (pending since).
    public var startedAtMs: Int64
    public var firedAtMs: Int64?
    public var resolvedAtMs: Int64?
    /// The evaluation time of the last change.
    public var updatedAtMs: Int64
    /// While firing: since when the condition has been clear (resolution waits for `clear_for`).
    public var clearSinceMs: Int64?
    public var lastNotifiedAtMs: Int64?
    /// The observed figure (minimum night flow, projected demand…), in `unit`.
    public var value: Double?
    public var threshold: Double?
    public var unit: String
    public var messageEN: String
    public var messageZH: String
    /// Further figures (e.g. `leak_litres_per_night`).
    public var details: [String: Double]
    public var ackedBy: String?
    public var ackedAtMs: Int64?
    public var ackComment: String?

    public init(
        id: Int64 = 0, rule: String, subject: String, meter: String, type: String, severity: AlertSeverity, state: AlertState,
        startedAtMs: Int64, updatedAtMs: Int64, value: Double? = nil, threshold: Double? = nil, unit: String = "",
        messageEN: String = "", messageZH: String = "", details: [String: Double] = [:]
    ) {
        self.id = id
        self.rule = rule
        self.subject = subject
        self.meter = meter
        self.type = type
        self.severity = severity
        self.state = state
        self.startedAtMs = startedAtMs
        self.updatedAtMs = updatedAtMs
        self.value = value
        self.threshold = threshold
        self.unit = unit
        self.messageEN = messageEN
        self.messageZH = messageZH
        self.details = details
    }

    public var isAcknowledged: Bool { ackedAtMs != nil }
}
