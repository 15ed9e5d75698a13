import Foundation

/// A device's health as the collector sees it; stored as JSON in the store after every flush.
public struct DeviceHealth: Sendable, Codable, Hashable {
    /// `pending` until polled; `ok`, `degraded` (errors, missing or refused values), `offline`
    /// (`offlineAfter` failures in a row, polled again after its backoff).
    public typealias State = DeviceState

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
