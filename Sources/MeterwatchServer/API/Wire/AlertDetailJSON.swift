import MeterwatchAlerts

/// `GET /api/v1/alerts/{id}`: an alert, its history and its webhook deliveries.
struct AlertDetailJSON: Codable {
    struct Event: Codable {
        var at: String
        var event: String
        var value: Double?
        var note: String?
    }
    struct Delivery: Codable {
        var id: Int64
        var event: String
        var webhook: String
        var status: String
        var attempts: Int
        var httpStatus: Int?
        var lastError: String?
        var deliveredAt: String?
        enum CodingKeys: String, CodingKey {
            case id, event, webhook, status, attempts, httpStatus = "http_status", lastError = "last_error", deliveredAt =
                "delivered_at"
        }
    }
    var alert: AlertJSON
    var history: [Event]
    var deliveries: [Delivery]
}
