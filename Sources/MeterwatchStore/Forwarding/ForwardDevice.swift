import MeterwatchCore

/// A device's health as an edge's collector last saved it, for its central's Devices page.
///
/// ```json
/// {"health": {"meter": "library-main", "profile": "schneider-pm5560", "state": "ok", …}, "updatedAtMs": 1767225600000}
/// ```
public struct ForwardDevice: Codable, Sendable, Equatable {
    public var health: DeviceHealth
    /// When the edge's collector saved it.
    public var updatedAtMs: Int64

    public init(health: DeviceHealth, updatedAtMs: Int64) {
        self.health = health
        self.updatedAtMs = updatedAtMs
    }
}
