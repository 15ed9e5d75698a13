/// A device health document a building's edge forwarded, as the central keeps it.
public struct ReceivedDeviceHealth: Sendable, Hashable {
    public var site: String
    public var stored: StoredDeviceHealth
    /// When the central received it.
    public var receivedAtMs: Int64

    public init(site: String, stored: StoredDeviceHealth, receivedAtMs: Int64) {
        self.site = site
        self.stored = stored
        self.receivedAtMs = receivedAtMs
    }
}
