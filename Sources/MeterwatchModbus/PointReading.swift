import MeterwatchCore
import MeterwatchDevices

/// One decoded point.
public struct PointReading: Sendable, Hashable {
    public var id: String
    public var quantity: Quantity?
    /// In the quantity's canonical unit; nil when missing (then `reason` says why) or text.
    public var value: Double?
    public var text: String?
    public var unit: String
    public var reason: String?

    public init(id: String, quantity: Quantity?, value: Double?, text: String?, unit: String, reason: String?) {
        self.id = id
        self.quantity = quantity
        self.value = value
        self.text = text
        self.unit = unit
        self.reason = reason
    }
}
