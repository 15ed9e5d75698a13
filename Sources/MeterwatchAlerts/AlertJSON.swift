import MeterwatchCore
import MeterwatchStore

/// An alert as the CLI and the HTTP API show it (times local ISO 8601, messages in both languages).
public struct AlertJSON: Codable, Sendable {
    public var id: Int64
    public var rule: String
    public var type: String
    public var severity: String
    public var subject: String
    public var meter: String
    public var state: String
    public var startedAt: String
    public var firedAt: String?
    public var resolvedAt: String?
    public var value: Double?
    public var threshold: Double?
    public var unit: String
    public var message: [String: String]
    public var details: [String: Double]
    public var acknowledgedBy: String?
    public var acknowledgedAt: String?
    public var ackComment: String?

    enum CodingKeys: String, CodingKey {
        case id, rule, type, severity, subject, meter, state, value, threshold, unit, message, details
        case startedAt = "started_at", firedAt = "fired_at", resolvedAt = "resolved_at"
        case acknowledgedBy = "acknowledged_by", acknowledgedAt = "acknowledged_at", ackComment = "ack_comment"
    }

    public init(_ a: StoredAlert, calendar: LocalCalendar) {
        id = a.id
        rule = a.rule
        type = a.type
        severity = a.severity.rawValue
        subject = a.subject
        meter = a.meter
        state = a.state.rawValue
        startedAt = calendar.isoString(a.startedAtMs)
        firedAt = a.firedAtMs.map(calendar.isoString)
        resolvedAt = a.resolvedAtMs.map(calendar.isoString)
        value = a.value.flatMap { $0.isFinite ? $0 : nil }
        threshold = a.threshold
        unit = a.unit
        message = ["en": a.messageEN, "zh-TW": a.messageZH]
        details = a.details.filter { $0.value.isFinite }
        acknowledgedBy = a.ackedBy
        acknowledgedAt = a.ackedAtMs.map(calendar.isoString)
        ackComment = a.ackComment
    }
}
