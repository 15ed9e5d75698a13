import Foundation

/// `PUT /api/v1/kpis/{id}/actuals/{period}`: `{"actual": 92.39, "note": "…"}`.
package struct ActualBody: Codable, Sendable {
    package var actual: Double
    package var note: String?
    package static let keys: Set<String> = ["actual", "note"]

    /// The body if its values make sense; a 400 problem otherwise.
    package func validated() throws -> ActualBody {
        guard actual.isFinite, abs(actual) <= 1e15 else { throw Problem.badRequest("actual must be a finite number") }
        if let note, note.count > 2000 { throw Problem.badRequest("note: at most 2000 characters") }
        return self
    }
}

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
