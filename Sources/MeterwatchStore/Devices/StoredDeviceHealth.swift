import GRDB

/// A device-health snapshot as the collector stored it.
public struct StoredDeviceHealth: Sendable, Hashable {
    public var meter: String
    /// JSON written by the collector (the store does not interpret it).
    public var document: String
    public var updatedAtMs: Int64
    public init(meter: String, document: String, updatedAtMs: Int64) {
        self.meter = meter
        self.document = document
        self.updatedAtMs = updatedAtMs
    }
}
