import MeterwatchEngine

/// `GET /api/v1/compare`: the comparison, its months on request, and its price with `money=true`.
struct CompareJSON: Encodable {
    var comparison: Comparison
    var months: [MonthlyRow]?
    /// With `money=true`: the kWh in NT$ (`EnergyCost`).
    var money: EnergyCost?
}
