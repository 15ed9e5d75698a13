import Crypto
import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore

/// The JSON body of a notification, in Meterwatch's own shape or through a body template.
///
/// Meterwatch's body:
/// ```json
/// {"event": "firing", "event_id": "12-firing-1732140000000", "site": "Taipei City Hall",
///  "alert": {"id": 12, "rule": "water-leak", "type": "night_flow", "subject": "water-main", "state": "firing", …},
///  "message": {"en": "…", "zh-TW": "…"}, "links": {"alert": "http://…/alerts#12", "api": "http://…/api/v1/alerts/12"}}
/// ```
public struct WebhookMessage: Sendable {
    public let siteName: String
    public let baseURL: String
    public let calendar: LocalCalendar

    public init(siteName: String, baseURL: String, calendar: LocalCalendar) {
        self.siteName = siteName
        self.baseURL = baseURL
        self.calendar = calendar
    }

    struct Body: Encodable {
        struct Alert: Encodable {
            var id: Int64
            var rule: String
            var type: String
            var severity: String
            var subject: String
            var meter: String
            var state: String
            var startedAt: String
            var firedAt: String?
            var resolvedAt: String?
            var value: Double?
            var threshold: Double?
            var unit: String
            var details: [String: Double]
            var acknowledgedBy: String?
            var acknowledgedAt: String?
            enum CodingKeys: String, CodingKey {
                case id, rule, type, severity, subject, meter, state, value, threshold, unit, details
                case startedAt = "started_at", firedAt = "fired_at", resolvedAt = "resolved_at"
                case acknowledgedBy = "acknowledged_by", acknowledgedAt = "acknowledged_at"
            }
        }
        var event: String
        var eventID: String
        var at: String
        var site: String
        var alert: Alert
        var message: [String: String]
        var links: [String: String]
        enum CodingKeys: String, CodingKey { case event, eventID = "event_id", at, site, alert, message, links }
    }

    public func links(_ a: StoredAlert) -> [String: String] {
        ["alert": "\(baseURL)/alerts#alert-\(a.id)", "api": "\(baseURL)/api/v1/alerts/\(a.id)"]
    }

    /// Meterwatch's own JSON body for an alert change.
    public func body(_ change: AlertChange) -> String {
        let a = change.alert
        let iso = { (ms: Int64?) in ms.map { calendar.isoString($0) } }
        let body = Body(
            event: change.event?.rawValue ?? "update", eventID: "\(a.id)-\(change.event?.rawValue ?? "update")-\(change.atMs)",
            at: calendar.isoString(change.atMs),
            site: siteName,
            alert: .init(
                id: a.id, rule: a.rule, type: a.type, severity: a.severity.rawValue, subject: a.subject, meter: a.meter,
                state: a.state.rawValue, startedAt: calendar.isoString(a.startedAtMs), firedAt: iso(a.firedAtMs),
                resolvedAt: iso(a.resolvedAtMs), value: a.value.flatMap { $0.isFinite ? $0 : nil }, threshold: a.threshold,
                unit: a.unit, details: a.details.filter { $0.value.isFinite }, acknowledgedBy: a.ackedBy, acknowledgedAt: iso(a.ackedAtMs)),
            message: ["en": a.messageEN, "zh-TW": a.messageZH], links: links(a))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(body)) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// Values a body template may use as `{{name}}`; each is inserted JSON-escaped (without quotes).
    public func templateValues(_ change: AlertChange) -> [String: String] {
        let a = change.alert
        let number = { (v: Double?) in v.map { DisplayFormat.asWritten($0) } ?? "" }
        let icon = change.event == .resolved ? "✅" : (a.severity == .critical ? "🚨" : "⚠️")
        return [
            "event": change.event?.rawValue ?? "update", "state": a.state.rawValue, "rule": a.rule, "type": a.type,
            "severity": a.severity.rawValue,
            "subject": a.subject, "meter": a.meter, "message_en": a.messageEN, "message_zh": a.messageZH,
            "value": number(a.value), "threshold": number(a.threshold), "unit": a.unit, "site": siteName,
            "at": calendar.isoString(change.atMs), "link": links(a)["alert"]!, "id": String(a.id), "icon": icon,
        ]
    }

    /// Fills a template: `{{name}}` → the JSON-escaped value. Unknown names are an error, so a typo
    /// in a template is found when the configuration loads, not when the building floods.
    public static func fill(_ template: String, values: [String: String]) throws -> String {
        var out = ""
        var rest = Substring(template)
        while let open = rest.range(of: "{{") {
            out += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "}}") else { throw TemplateError(message: "unclosed {{") }
            let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            guard let v = values[name] else {
                throw TemplateError(message: "unknown placeholder {{\(name)}} (known: \(values.keys.sorted().joined(separator: ", ")))")
            }
            out += jsonEscaped(v)
            rest = rest[close.upperBound...]
        }
        return out + rest
    }

    static func jsonEscaped(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where u.value < 0x20: out += String(format: "\\u%04x", u.value)
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }

    public struct TemplateError: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Checks a template file: it fills with sample values and gives valid JSON.
    public func validateTemplate(path: String) throws -> String {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var sample = StoredAlert(
            id: 1, rule: "rule", subject: "m\"1", meter: "m", type: "high_flow", severity: .warning, state: .firing,
            startedAtMs: 0, updatedAtMs: 0, value: 1.5, threshold: 1, unit: "m3/h", messageEN: "a \"quoted\"\nline", messageZH: "中文")
        sample.firedAtMs = 0
        let filled: String
        do { filled = try Self.fill(text, values: templateValues(AlertChange(alert: sample, event: .firing, atMs: 0))) } catch {
            throw TemplateError(message: "\(path): \(error)")
        }
        do { _ = try JSONSerialization.jsonObject(with: Data(filled.utf8)) } catch {
            throw TemplateError(message: "\(path): the filled template is not valid JSON (\(error.localizedDescription))")
        }
        return text
    }
}
