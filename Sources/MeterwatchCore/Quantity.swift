/// How a series' values behave, which decides how rollups are computed.
public enum SeriesKind: String, Sendable, Codable, CaseIterable {
    /// A cumulative register (kWh, m³): consumption is the checked difference of readings.
    case counter
    /// An instantaneous value (kW, m³/h, %, V): rollups keep min, max and mean.
    case gauge
    /// A value over `[start, end)` (a bill, a refuel): spread pro rata over the buckets it covers.
    case intervalTotal = "interval_total"
    /// Status bits (UPS flags): rollups keep counts.
    case state
}

/// A canonical measured quantity (`energy_import`, `volume`, `flow_rate`…) with its unit and kind.
/// Comparisons and alerts work on quantities, so they don't care which meter a site bought.
public struct Quantity: Hashable, Sendable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let name: String
    public init(_ name: String) { self.name = name }
    public init(stringLiteral value: String) { self.name = value }
    public init(from decoder: any Decoder) throws { name = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: any Encoder) throws { var c = encoder.singleValueContainer(); try c.encode(name) }
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

    static let table: [String: (unit: String, kind: SeriesKind)] = {
        var t: [String: (String, SeriesKind)] = [:]
        for base in ["energy_import", "energy_export"] {
            t[base] = ("kWh", .counter)
            for p in 1...3 { t["\(base)_l\(p)"] = ("kWh", .counter) }
        }
        t["power_active"] = ("W", .gauge)
        for p in 1...3 { t["power_active_l\(p)"] = ("W", .gauge); t["voltage_l\(p)"] = ("V", .gauge); t["current_l\(p)"] = ("A", .gauge) }
        t["power_reactive"] = ("var", .gauge)
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

/// What a meter measures. Each category has a main consumption quantity used by comparisons.
public enum MeterCategory: String, Sendable, Codable, CaseIterable {
    case electricity, water, fuel, ups, storage, temperature

    public var mainQuantity: Quantity {
        switch self {
        case .electricity, .ups: .energyImport
        case .water: .volume
        case .fuel: .fuelVolume
        case .storage: .storageEnergyDischarged
        case .temperature: .temperature
        }
    }
}

/// Converts values in a unit users write (Wh, MWh, L, kL, °F…) to a quantity's canonical unit.
public enum UnitConversion {
    /// (factor, offset) such that canonical = raw × factor + offset, or nil when incompatible.
    public static func toCanonical(from unit: String, canonical: String) -> (factor: Double, offset: Double)? {
        let u = normalize(unit), c = normalize(canonical)
        if u == c { return (1, 0) }
        switch (u, c) {
        case ("wh", "kwh"): return (0.001, 0)
        case ("mwh", "kwh"): return (1000, 0)
        case ("l", "m3"): return (0.001, 0)
        case ("kl", "m3"), ("度", "m3"): return (1, 0)
        case ("度", "kwh"): return (1, 0)
        case ("m3", "l"): return (1000, 0)
        case ("kw", "w"), ("kvar", "var"), ("kva", "va"): return (1000, 0)
        case ("mm3", "m3"): return (1e-9, 0)
        case ("min", "s"): return (60, 0)
        case ("ratio", "%"): return (100, 0)
        case ("l/s", "m3/h"): return (3.6, 0)
        case ("m3/s", "m3/h"): return (3600, 0)
        case ("l/min", "m3/h"): return (0.06, 0)
        case ("degf", "degc"): return (5.0 / 9.0, -32.0 * 5.0 / 9.0)
        default: return nil
        }
    }

    static func normalize(_ unit: String) -> String {
        switch unit.lowercased() {
        case "m³", "cubic_metre", "cubic_meter", "m^3": return "m3"
        case "litre", "liter", "litres", "liters", "公升": return "l"
        case "°c", "c", "celsius": return "degc"
        case "°f", "f", "fahrenheit": return "degf"
        case "m³/h": return "m3/h"
        case "mm³": return "mm3"
        case "m³/s": return "m3/s"
        case let other: return other
        }
    }
}
