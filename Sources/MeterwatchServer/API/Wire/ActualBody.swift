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
