/// UPS status as a set of NUT-style flags (`OL`, `OB`, `LB`, `RB`, `BYPASS`, `OVER`…).
///
/// Every UPS profile maps its own status bits onto these, so a `ups_status` sample means the
/// same whichever UPS a site bought. Stored as the bit mask's numeric value (a `state` series).
public struct UPSFlags: OptionSet, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let online = UPSFlags(rawValue: 1 << 0)  // OL
    public static let onBattery = UPSFlags(rawValue: 1 << 1)  // OB
    public static let lowBattery = UPSFlags(rawValue: 1 << 2)  // LB
    public static let replaceBattery = UPSFlags(rawValue: 1 << 3)  // RB
    public static let bypass = UPSFlags(rawValue: 1 << 4)  // BYPASS
    public static let overload = UPSFlags(rawValue: 1 << 5)  // OVER
    public static let off = UPSFlags(rawValue: 1 << 6)  // OFF
    public static let fault = UPSFlags(rawValue: 1 << 7)  // FAULT (NUT: ALARM)
    public static let test = UPSFlags(rawValue: 1 << 8)  // TEST
    public static let charging = UPSFlags(rawValue: 1 << 9)  // CHRG
    public static let discharging = UPSFlags(rawValue: 1 << 10)  // DISCHRG
    public static let eco = UPSFlags(rawValue: 1 << 11)  // ECO (high-efficiency mode)
    public static let inputBad = UPSFlags(rawValue: 1 << 12)  // input not acceptable

    /// Names in NUT's `ups.status` vocabulary, in bit order.
    public static let names: [(String, UPSFlags)] = [
        ("OL", .online), ("OB", .onBattery), ("LB", .lowBattery), ("RB", .replaceBattery),
        ("BYPASS", .bypass), ("OVER", .overload), ("OFF", .off), ("FAULT", .fault), ("TEST", .test),
        ("CHRG", .charging), ("DISCHRG", .discharging), ("ECO", .eco), ("INPUT_BAD", .inputBad),
    ]

    /// Every flag Meterwatch knows: a stored `ups_status` must fit in these bits.
    public static let all = UPSFlags(names.map(\.1))

    /// The flags of a stored `ups_status` value; nil when the value is not a whole number within
    /// the known bits (a garbage register, a mistyped import). Never traps.
    public init?(storedValue: Double) {
        guard let bits = storedValue.exactUInt32, UPSFlags(rawValue: bits).isSubset(of: .all) else { return nil }
        self.init(rawValue: bits)
    }

    public init?(name: String) {
        guard let f = Self.names.first(where: { $0.0 == name.uppercased() }) else { return nil }
        self = f.1
    }

    /// `OL CHRG`, as NUT's `ups.status` writes it.
    public var description: String {
        Self.names.filter { contains($0.1) }.map(\.0).joined(separator: " ")
    }
}
