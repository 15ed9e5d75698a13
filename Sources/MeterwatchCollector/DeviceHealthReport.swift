import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore

/// One device's health for people and other programs (`meterwatch devices`, `/api/v1/devices`):
/// every configured device, "never polled" when the collector has not recorded it yet.
public struct DeviceHealthReport: Codable, Sendable {
    public var meter: String
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
    enum CodingKeys: String, CodingKey {
        case meter, profile, link, unit, state, requests, errors, updated
        case lastSuccess = "last_success", lastError = "last_error", latencyMs = "latency_ms", rejectedValues = "rejected_values"
    }

    /// The devices of `config` with the health documents the collector saved in `store`.
    public static func all(config: SiteConfig, store: MeterStore) throws -> [DeviceHealthReport] {
        let stored = Dictionary(try store.deviceHealth().map { ($0.meter, $0) }, uniquingKeysWith: { a, _ in a })
        let cal = store.calendar
        return config.meters.compactMap { m in
            guard let b = m.device else { return nil }
            var row = DeviceHealthReport(
                meter: m.id, profile: b.profile, link: b.link, unit: b.unit, state: .neverPolled, requests: 0, errors: [:])
            if let s = stored[m.id], let h = try? JSONDecoder().decode(DeviceHealth.self, from: Data(s.document.utf8)) {
                row.state = h.state
                row.requests = h.requests
                row.errors = h.errors
                row.lastSuccess = h.lastSuccessMs.map(cal.isoString)
                row.lastError = h.lastError
                row.latencyMs = h.averageLatencyMs
                row.updated = cal.isoString(s.updatedAtMs)
                row.rejectedValues = h.rejectedValues
            }
            return row
        }
    }
}
