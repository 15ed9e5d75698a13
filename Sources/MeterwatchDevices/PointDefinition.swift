import MeterwatchCore

/// One value a device exposes.
public struct PointDefinition: Sendable, Hashable {
    public var id: String
    /// The canonical quantity the value maps to; nil for helper points (scale factors, identity).
    public var quantity: Quantity?
    public var table: RegisterTable
    /// PDU address (0-based). For SunSpec points, the offset from the model's ID register.
    public var address: Int
    /// SunSpec model the point belongs to; its address is then relative to the model start.
    public var model: Int?
    public var type: ValueType
    public var byteOrder: ByteOrder
    /// Registers read; equals the type's size except for strings.
    public var length: Int
    /// The unit the device reports after scaling (converted to the quantity's canonical unit).
    public var unit: String
    public var scale: Double
    public var offset: Double
    /// Id of a `sunssf` point: value × 10^(that point).
    public var scaleRef: String?
    /// Raw values that mean "not available".
    public var invalid: [UInt64]
    /// Bitfields: bit number → canonical flag name (UPS flags: OL, OB, …).
    public var flags: [Int: String]
    /// Enums: code → label.
    public var labels: [Int: String]
    public var poll: PollClass
    /// A value the simulator serves for points that no physical model drives (scale factors, names).
    public var example: ExampleValue?

    public var registerCount: Int { table.isBits ? 1 : length }
}
