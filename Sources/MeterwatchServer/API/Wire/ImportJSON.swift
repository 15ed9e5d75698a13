/// `POST /api/v1/import/readings` and `/import/fuel`: what an upload stored.
struct ImportJSON: Codable {
    var file: String
    var encoding: String
    var rows: Int
    var inserted: Int
    var updated: Int
    var unchanged: Int
    var duplicates: Int
    var rejected: [String]
}
