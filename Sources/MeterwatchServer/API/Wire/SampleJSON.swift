/// A reading: its time (ISO 8601, the site's zone) and value.
struct SampleJSON: Codable {
    var time: String
    var value: Double
}
