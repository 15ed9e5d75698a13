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
