/// One series of `GET /api/v1/latest`: its newest reading.
struct LatestJSON: Codable {
    var meter: String
    var quantity: String
    var unit: String
    var time: String
    var value: Double
}
