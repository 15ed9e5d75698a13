import Foundation
import MeterwatchConfig
import MeterwatchStore

/// A device's health as the collector sees it; stored as JSON in the store after every flush.
public struct DeviceHealth: Sendable, Codable, Hashable {
    public enum State: String, Sendable, Codable {
        /// Not polled yet.
        case pending
        /// The last poll succeeded without errors.
        case ok
        /// Answers, but with errors (exceptions, missing points), or failed once or twice lately.
        case degraded
        /// Failed `offlineAfter` polls in a row; polled again only after its backoff.
        case offline
    }

    public var meter: String
    public var profile: String
    public var link: String
    public var unit: Int
    public var state: State
    public var polls: Int = 0
    public var requests: Int = 0
    /// Failed requests by kind: timeout, exception, bad_response, connection, invalid.
    public var errors: [String: Int] = [:]
    public var consecutiveFailures: Int = 0
    public var lastSuccessMs: Int64?
    public var lastPollMs: Int64?
    public var lastError: String?
    /// Duration of the last successful poll (all its requests).
    public var lastLatencyMs: Double?
    /// Exponential moving average of successful poll durations.
    public var averageLatencyMs: Double?
    public var backoffUntilMs: Int64?
    public var samplesWritten: Int = 0
    /// Values refused as implausible (a register answering garbage), each dropped alone.
    public var rejectedValues: Int = 0

    public static let offlineAfter = 3

    public init(meter: String, profile: String, link: String, unit: Int, state: State) {
        self.meter = meter
        self.profile = profile
        self.link = link
        self.unit = unit
        self.state = state
    }

    enum CodingKeys: String, CodingKey {
        case meter, profile, link, unit, state, polls, requests, errors, consecutiveFailures, lastSuccessMs, lastPollMs, lastError
        case lastLatencyMs, averageLatencyMs, backoffUntilMs, samplesWritten, rejectedValues
    }

    /// Documents saved by earlier versions lack the newer counters: they read as 0.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        meter = try c.decode(String.self, forKey: .meter)
        profile = try c.decode(String.self, forKey: .profile)
        link = try c.decode(String.self, forKey: .link)
        unit = try c.decode(Int.self, forKey: .unit)
        state = try c.decode(State.self, forKey: .state)
        polls = try c.decodeIfPresent(Int.self, forKey: .polls) ?? 0
        requests = try c.decodeIfPresent(Int.self, forKey: .requests) ?? 0
        errors = try c.decodeIfPresent([String: Int].self, forKey: .errors) ?? [:]
        consecutiveFailures = try c.decodeIfPresent(Int.self, forKey: .consecutiveFailures) ?? 0
        lastSuccessMs = try c.decodeIfPresent(Int64.self, forKey: .lastSuccessMs)
        lastPollMs = try c.decodeIfPresent(Int64.self, forKey: .lastPollMs)
        lastError = try c.decodeIfPresent(String.self, forKey: .lastError)
        lastLatencyMs = try c.decodeIfPresent(Double.self, forKey: .lastLatencyMs)
        averageLatencyMs = try c.decodeIfPresent(Double.self, forKey: .averageLatencyMs)
        backoffUntilMs = try c.decodeIfPresent(Int64.self, forKey: .backoffUntilMs)
        samplesWritten = try c.decodeIfPresent(Int.self, forKey: .samplesWritten) ?? 0
        rejectedValues = try c.decodeIfPresent(Int.self, forKey: .rejectedValues) ?? 0
    }
}

/// Exponential backoff for a device that stopped answering: the first retry after `base`, then
/// doubling up to `cap`. A dead device costs its link one timeout per backoff period at most.
public struct Backoff: Sendable, Hashable {
    public var baseMs: Int64
    public var capMs: Int64
    public init(baseMs: Int64, capMs: Int64 = 300_000) { self.baseMs = baseMs; self.capMs = capMs }

    public func delayMs(afterFailures n: Int) -> Int64 {
        guard n > 0 else { return 0 }
        let shift = min(n - 1, 20)
        return min(capMs, baseMs << Int64(shift))
    }
}

/// One device's health for people and other programs (`meterwatch devices`, `/api/v1/devices`):
/// every configured device, "never polled" when the collector has not recorded it yet.
public struct DeviceHealthReport: Codable, Sendable {
    public var meter: String
    public var profile: String
    public var link: String
    public var unit: Int
    public var state: String
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
            var row = DeviceHealthReport(meter: m.id, profile: b.profile, link: b.link, unit: b.unit, state: "never polled", requests: 0, errors: [:])
            if let s = stored[m.id], let h = try? JSONDecoder().decode(DeviceHealth.self, from: Data(s.document.utf8)) {
                row.state = h.state.rawValue; row.requests = h.requests; row.errors = h.errors
                row.lastSuccess = h.lastSuccessMs.map(cal.isoString); row.lastError = h.lastError
                row.latencyMs = h.averageLatencyMs; row.updated = cal.isoString(s.updatedAtMs)
                row.rejectedValues = h.rejectedValues
            }
            return row
        }
    }
}
