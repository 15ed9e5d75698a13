import MeterwatchCore

/// A device model's register map (`Devices/<vendor>-<model>.yaml`): what the device is, not where it is.
public struct DeviceProfile: Sendable, Hashable {
    public var id: String
    public var vendor: String
    public var model: String
    public var category: MeterCategory
    /// Where the map came from: manuals, peers' source files.
    public var sources: [String]
    public var file: String
    public var byteOrder: ByteOrder
    /// Registers per read the device accepts (≤ 125).
    public var maxRegistersPerRead: Int
    /// Unused registers a merged read may span to save a request.
    public var maxGap: Int
    public var holes: [RegisterHole]
    public var responseTimeoutMs: Int
    public var defaultUnit: Int
    public var sentinels: SentinelStyle
    public var sunspec: SunSpecLayout?
    public var points: [PointDefinition]

    public func point(_ id: String) -> PointDefinition? { points.first { $0.id == id } }
}
