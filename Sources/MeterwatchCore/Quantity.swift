/// A canonical measured quantity (`energy_import`, `volume`, `flow_rate`…) with its unit and kind.
/// Comparisons and alerts work on quantities, so they don't care which meter a site bought.
public struct Quantity: Hashable, Sendable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let name: String
    public init(_ name: String) { self.name = name }
    public init(stringLiteral value: String) { self.name = value }
    public init(from decoder: any Decoder) throws { name = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(name)
    }
    public var description: String { name }

    /// Canonical unit and the kind a series of this quantity has when read from a device.
    public var canonical: (unit: String, kind: SeriesKind)? { Quantity.table[name] }

    public static let energyImport: Quantity = "energy_import"
    public static let energyExport: Quantity = "energy_export"
    public static let volume: Quantity = "volume"
    public static let fuelVolume: Quantity = "fuel_volume"
    public static let flowRate: Quantity = "flow_rate"
    public static let powerActive: Quantity = "power_active"
    public static let temperature: Quantity = "temperature"
    public static let storageEnergyDischarged: Quantity = "storage_energy_discharged"
    /// What a utility bill charged for its period (NT$), imported beside its kWh (`amount` column).
    public static let billedAmount: Quantity = "billed_amount"
    /// The kWh a utility bill charged for its period (a metered meter's own counter is `energy_import`).
    public static let billedEnergy: Quantity = "billed_energy"

    static let table: [String: (unit: String, kind: SeriesKind)] = {
        var t: [String: (String, SeriesKind)] = [:]
        for base in ["energy_import", "energy_export"] {
            t[base] = ("kWh", .counter)
            for p in 1...3 { t["\(base)_l\(p)"] = ("kWh", .counter) }
        }
        t["power_active"] = ("W", .gauge)
        for p in 1...3 {
            t["power_active_l\(p)"] = ("W", .gauge)
            t["voltage_l\(p)"] = ("V", .gauge)
            t["current_l\(p)"] = ("A", .gauge)
        }
        t["power_reactive"] = ("var", .gauge)
        t["energy_reactive_import"] = ("kvarh", .counter)
        t["billed_amount"] = ("TWD", .intervalTotal)
        t["billed_energy"] = ("kWh", .intervalTotal)
        t["power_apparent"] = ("VA", .gauge)
        t["frequency"] = ("Hz", .gauge)
        t["power_factor"] = ("", .gauge)
        t["flow_rate"] = ("m3/h", .gauge)
        t["volume"] = ("m3", .counter)
        t["volume_reverse"] = ("m3", .counter)
        t["fuel_volume"] = ("L", .intervalTotal)
        t["ups_status"] = ("", .state)
        t["battery_charge"] = ("%", .gauge)
        t["battery_runtime"] = ("s", .gauge)
        t["ups_load"] = ("%", .gauge)
        t["input_voltage"] = ("V", .gauge)
        t["output_voltage"] = ("V", .gauge)
        t["battery_voltage"] = ("V", .gauge)
        t["battery_temperature"] = ("degC", .gauge)
        t["storage_soc"] = ("%", .gauge)
        // SunSpec inverter operating state (model 103 `St`: 7 = FAULT), for the storage alert rule.
        t["inverter_state"] = ("", .state)
        t["storage_power"] = ("W", .gauge)
        t["storage_energy_charged"] = ("kWh", .counter)
        t["storage_energy_discharged"] = ("kWh", .counter)
        t["temperature"] = ("degC", .gauge)
        return t
    }()

    public static var known: [String] { table.keys.sorted() }
}
