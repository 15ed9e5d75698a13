/// One building of `GET /api/v1/sites`.
struct SiteJSON: Codable {
    var id: String
    var name: [String: String]
    var floorArea: Double?
    var fleet: Bool
    var meters: [String]
    enum CodingKeys: String, CodingKey { case id, name, fleet, meters, floorArea = "floor_area_m2" }
}
