/// An entered KPI actual, as `PUT /api/v1/kpis/{id}/actuals/{period}` answers it.
struct ActualJSON: Codable {
    var kpi: String
    var period: String
    var actual: Double
    var enteredBy: String
    var enteredAt: String
    var note: String?
    enum CodingKeys: String, CodingKey { case kpi, period, actual, note, enteredBy = "entered_by", enteredAt = "entered_at" }
}
