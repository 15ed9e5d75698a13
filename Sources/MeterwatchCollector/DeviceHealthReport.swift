import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore

/// One device's health for people and other programs (`meterwatch devices`, `/api/v1/devices`):
/// every configured device, "never polled" when the collector has not recorded it yet; at a central,
/// also the devices of the buildings' edges, as their last forwarded health (`received`: when).
public struct DeviceHealthReport: Codable, Sendable {
    public var meter: String
    /// The building it is in.
    public var site: String
    public var profile: String
    public var link: String
    public var unit: Int
    public var state: DeviceState
    public var requests: Int
    public var errors: [String: Int]
    public var lastSuccess: String?
    public var lastError: String?
    public var latencyMs: Double?
    public var updated: String?
    /// Values refused as implausible since the collector started.
    public var rejectedValues: Int = 0
    /// When the central received it from the building's edge (absent for the central's own devices).
    public var received: String?
    enum CodingKeys: String, CodingKey {
        case meter, site, profile, link, unit, state, requests, errors, updated, received
        case lastSuccess = "last_success", lastError = "last_error", latencyMs = "latency_ms", rejectedValues = "rejected_values"
    }

    /// An edge sends a device's health at least once a minute while it forwards: one silent for this
    /// long has stopped (a box down, a broken link), and its device is shown `not reported`.
    public static let unreportedAfterMs: Int64 = 5 * 60_000

    /// The devices of `config` with the health documents the collector saved in `store`, then the
    /// devices its edges forwarded for meters of `config` it does not poll itself (`not reported`
    /// when received more than `unreportedAfterMs` before `nowMs`).
    public static func all(config: SiteConfig, store: MeterStore, nowMs: Int64? = nil) throws -> [DeviceHealthReport] {
        let stored = Dictionary(try store.deviceHealth().map { ($0.meter, $0) }, uniquingKeysWith: { a, _ in a })
        let forwarded = Dictionary(
            try store.forwardedDeviceHealth().map { ("\($0.site)/\($0.stored.meter)", $0) }, uniquingKeysWith: { a, _ in a })
        let cal = store.calendar
        let decoder = JSONDecoder()
        func health(_ s: StoredDeviceHealth) -> DeviceHealth? { try? decoder.decode(DeviceHealth.self, from: Data(s.document.utf8)) }
        func row(_ h: DeviceHealth, site: String, updatedAtMs: Int64) -> DeviceHealthReport {
            DeviceHealthReport(
                meter: h.meter, site: site, profile: h.profile, link: h.link, unit: h.unit, state: h.state, requests: h.requests,
                errors: h.errors, lastSuccess: h.lastSuccessMs.map(cal.isoString), lastError: h.lastError, latencyMs: h.averageLatencyMs,
                updated: cal.isoString(updatedAtMs), rejectedValues: h.rejectedValues)
        }
        let own: [DeviceHealthReport] = config.meters.compactMap { m in
            guard let b = m.device else { return nil }
            if let s = stored[m.id], let h = health(s) { return row(h, site: m.site, updatedAtMs: s.updatedAtMs) }
            return DeviceHealthReport(
                meter: m.id, site: m.site, profile: b.profile, link: b.link, unit: b.unit, state: .neverPolled, requests: 0, errors: [:])
        }
        let edges: [DeviceHealthReport] = config.meters.compactMap { m in
            guard m.device == nil, let r = forwarded["\(m.site)/\(m.id)"], let h = health(r.stored) else { return nil }
            var report = row(h, site: m.site, updatedAtMs: r.stored.updatedAtMs)
            report.received = cal.isoString(r.receivedAtMs)
            if let nowMs, nowMs - r.receivedAtMs > unreportedAfterMs { report.state = .unreported }
            return report
        }
        return own + edges
    }
}
