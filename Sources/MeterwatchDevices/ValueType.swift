import MeterwatchCore

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
