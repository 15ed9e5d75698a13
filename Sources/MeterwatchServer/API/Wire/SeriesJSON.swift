/// A stored series of a meter, with its newest reading.
struct SeriesJSON: Codable {
    var quantity: String
    var kind: String
    var unit: String
    var latest: SampleJSON?
}
