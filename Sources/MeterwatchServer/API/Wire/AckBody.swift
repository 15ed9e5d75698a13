import Foundation

/// `POST /api/v1/alerts/{id}/ack`: `{"by": "…", "comment": "…"}`.
package struct AckBody: Codable, Sendable {
    package var by: String?
    package var comment: String?
    package static let keys: Set<String> = ["by", "comment"]

    /// The body if its values make sense; a 400 problem otherwise.
    package func validated() throws -> AckBody {
        if let by, by.trimmingCharacters(in: .whitespaces).isEmpty || by.count > 100 { throw Problem.badRequest("by: 1…100 characters") }
        if let comment, comment.count > 2000 { throw Problem.badRequest("comment: at most 2000 characters") }
        return self
    }
}
