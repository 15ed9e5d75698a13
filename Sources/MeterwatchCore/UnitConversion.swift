/// Converts values in a unit users write (Wh, MWh, L, kL, °F…) to a quantity's canonical unit.
public enum UnitConversion {
    /// (factor, offset) such that canonical = raw × factor + offset, or nil when incompatible.
    public static func toCanonical(from unit: String, canonical: String) -> (factor: Double, offset: Double)? {
        let u = normalize(unit)
        let c = normalize(canonical)
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
