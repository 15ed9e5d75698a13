import MeterwatchCore

/// The Modbus table a point lives in; the table decides the (read-only) function code.
public enum RegisterTable: String, Sendable, Hashable, CaseIterable, Codable {
    case coil, discrete, holding, input

    /// Function codes 1–4: the only ones Meterwatch ever sends.
    public var functionCode: UInt8 {
        switch self {
        case .coil: 1
        case .discrete: 2
        case .holding: 3
        case .input: 4
        }
    }

    /// Coils and discrete inputs are single bits, not 16-bit registers.
    public var isBits: Bool { self == .coil || self == .discrete }

    /// The protocol's limit for one read: 2000 bits or 125 registers.
    public var protocolLimit: Int { isBits ? 2000 : 125 }
}

/// How a value is laid out in its registers.
public enum ValueType: String, Sendable, Hashable, CaseIterable, Codable {
    case int16, uint16, int32, uint32, int64, uint64, float32, float64
    case string
    /// Status words: each set bit may map to a flag (`flags:`).
    case bitfield16, bitfield32
    /// A code with labels (`enum:`).
    case enum16
    /// SunSpec scale factor: int16 exponent of ten, −10…10.
    case sunssf
    /// SunSpec accumulators: unsigned counters where 0 means "not implemented".
    case acc32, acc64
    /// A coil or discrete input.
    case bool

    /// Registers the value spans (strings give their own `length`).
    public var registerCount: Int {
        switch self {
        case .int16, .uint16, .bitfield16, .enum16, .sunssf, .bool, .string: 1
        case .int32, .uint32, .float32, .bitfield32, .acc32: 2
        case .int64, .uint64, .float64, .acc64: 4
        }
    }
}

/// Byte order of multi-register values, in Telegraf's notation: bytes A B C D as they would be
/// in a big-endian value. `CDAB` is "low word first" (word swap), `BADC` swaps the bytes of each
/// register, `DCBA` is fully little-endian. 64-bit values extend the same idea to four registers.
public enum ByteOrder: String, Sendable, Hashable, CaseIterable, Codable {
    case abcd = "ABCD", cdab = "CDAB", badc = "BADC", dcba = "DCBA"

    /// Registers are in reverse order (least significant word first).
    var wordsReversed: Bool { self == .cdab || self == .dcba }
    /// Bytes inside each register are swapped.
    var bytesSwapped: Bool { self == .badc || self == .dcba }
}

/// How often a point is read: `fast` for power and flow, `slow` for totals, `once` for identity.
public enum PollClass: String, Sendable, Hashable, CaseIterable, Codable {
    case fast, slow, once
}

/// Which raw values mean "not implemented / not available" besides a point's own `invalid:` list.
public enum SentinelStyle: String, Sendable, Hashable, Codable {
    /// Only NaN floats and the point's `invalid:` values.
    case none
    /// SunSpec's per-type sentinels (int16 0x8000, uint16 0xFFFF, acc 0, …).
    case sunspec
}

/// A register range that must never be read (the device answers exception 02 for it).
public struct RegisterHole: Sendable, Hashable {
    public var table: RegisterTable
    /// First and last register of the hole, inclusive.
    public var first: Int
    public var last: Int
    public init(table: RegisterTable, first: Int, last: Int) { self.table = table; self.first = first; self.last = last }
    public func overlaps(_ start: Int, _ end: Int) -> Bool { start <= last && end > first }
}

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

public enum ExampleValue: Sendable, Hashable {
    case number(Double)
    case text(String)
}

/// How to find SunSpec models on a device: the `SunS` marker at one of `bases`, then the model
/// chain. Points with `model:` are placed relative to their model's start.
public struct SunSpecLayout: Sendable, Hashable {
    public var bases: [Int]
    /// Models the simulator lays out, with their lengths (L); the reader uses the lengths it reads.
    public var models: [(id: Int, length: Int)]

    public static func == (a: SunSpecLayout, b: SunSpecLayout) -> Bool {
        a.bases == b.bases && a.models.map(\.id) == b.models.map(\.id) && a.models.map(\.length) == b.models.map(\.length)
    }
    public func hash(into h: inout Hasher) { h.combine(bases); for m in models { h.combine(m.id); h.combine(m.length) } }
}

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
