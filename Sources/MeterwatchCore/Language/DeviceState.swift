/// How a device looks to the collector (`meterwatch devices`, the Devices page).
public enum DeviceState: String, Sendable, Codable, CaseIterable {
    /// Configured, not polled yet (or no collector has run).
    case neverPolled = "never polled"
    /// Polled, no answer yet.
    case pending
    /// The last poll succeeded without errors.
    case ok
    /// Answers, with errors (exceptions, missing or refused values), or failed once or twice lately.
    case degraded
    /// Failed polls in a row; retried after a backoff.
    case offline
    /// At a central: the building's edge has not sent this device's health for a while (its last
    /// known counters are shown as they were).
    case unreported = "not reported"

    /// A CSS class name (`never-polled`).
    public var cssClass: String { rawValue.replacingOccurrences(of: " ", with: "-") }
}
