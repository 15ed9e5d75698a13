import Foundation
import MeterwatchCore
import Yams

/// One meter of the site. Meters without a device are fed by imports.
public struct MeterConfig: Hashable, Sendable {
    public var id: String
    public var name: LocalizedName
    public var category: MeterCategory
    /// Unit of the values written for the main quantity (converted to the canonical unit on import).
    public var unit: String
    public var tags: [String]
    public var counterRules: CounterRules
    /// Set when the meter is read over Modbus.
    public var device: DeviceBinding?
    /// The building it is in (`site:`; the one building without a `sites:` list).
    public var site = Building.defaultID
    /// Set on a meter the utility bills (`billing:`): its tariff and contracts.
    public var billing: BillingConfig?

    public init(
        id: String, name: LocalizedName, category: MeterCategory, unit: String, tags: [String] = [],
        counterRules: CounterRules = CounterRules(), device: DeviceBinding? = nil
    ) {
        self.id = id
        self.name = name
        self.category = category
        self.unit = unit
        self.tags = tags
        self.counterRules = counterRules
        self.device = device
    }

    public var mainQuantity: Quantity { category.mainQuantity }
    public func displayName(_ language: Language) -> String { name.text(language) ?? id }
}
