import MeterwatchCore

/// Unit names as users write them.
public enum DisplayUnits {
    /// Users count electricity and water in 度.
    public static func name(_ unit: String, _ l: Language) -> String {
        switch (unit, l) {
        case ("kWh", .zhTW), ("m3", .zhTW): "度"
        case ("L", .zhTW): "公升"
        case ("m3", .en): "m³"
        case ("L", .en): "litres"
        default: unit
        }
    }

    /// Decimals shown for a unit: whole kWh and m³, litres to 2 places.
    public static func decimals(_ unit: String) -> Int { unit == "L" || unit == "公升" || unit == "litres" ? 2 : 0 }
}
