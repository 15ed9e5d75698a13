import MeterwatchCore

/// A meter read from a device: `device: { profile, link, unit, poll }`.
public struct DeviceBinding: Sendable, Hashable {
    /// A profile id from the profiles folder, or a path to a profile file.
    public var profile: String
    public var link: String
    public var unit: Int
    public var fastPollMs: Int64
    public var slowPollMs: Int64
    /// Overrides the profile's response timeout.
    public var timeoutMs: Int?

    public init(profile: String, link: String, unit: Int, fastPollMs: Int64 = 5_000, slowPollMs: Int64 = 60_000, timeoutMs: Int? = nil) {
        self.profile = profile
        self.link = link
        self.unit = unit
        self.fastPollMs = fastPollMs
        self.slowPollMs = slowPollMs
        self.timeoutMs = timeoutMs
    }
}
