/// `DELETE /api/v1/meters/{id}/readings`: what was (or, with `dry_run`, would be) deleted.
struct DeletionJSON: Codable {
    var meter: String
    var quantity: String
    var samples: Int
    var intervals: Int
    var first: String?
    var last: String?
    var dryRun: Bool
    enum CodingKeys: String, CodingKey { case meter, quantity, samples, intervals, first, last, dryRun = "dry_run" }
}
