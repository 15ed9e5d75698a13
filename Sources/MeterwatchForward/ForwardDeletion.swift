/// Readings and interval totals an edge deleted (`meterwatch readings delete`, the API): the
/// central deletes the same series' readings in `[fromMs, toMs)` before it stores the batch's.
///
/// ```json
/// {"meter": "library-main", "quantity": "energy_import", "fromMs": 1767225600000, "toMs": 1767229200000}
/// ```
public struct ForwardDeletion: Codable, Sendable, Equatable {
    public var meter: String
    public var quantity: String
    public var fromMs: Int64
    public var toMs: Int64

    public init(meter: String, quantity: String, fromMs: Int64, toMs: Int64) {
        self.meter = meter
        self.quantity = quantity
        self.fromMs = fromMs
        self.toMs = toMs
    }
}
