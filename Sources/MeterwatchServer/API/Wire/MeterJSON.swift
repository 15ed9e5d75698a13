/// One meter of `GET /api/v1/meters`: its configuration and its stored series.
struct MeterJSON: Codable {
    var id: String
    var name: [String: String]
    var category: String
    var unit: String
    var tags: [String]
    var device: DeviceJSON?
    var series: [SeriesJSON]
}
