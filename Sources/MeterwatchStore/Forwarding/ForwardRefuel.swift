/// A row of an edge's fuel log as its central keeps it (the edge's id orders them; the central keeps
/// each once, by vehicle, day and litres as an import does).
///
/// ```json
/// {"id": 12, "refuel": {"day": "2026-03-02", "vehicle": "RAA-1234", "fuel": "petrol", "litres": 38.5}}
/// ```
public struct ForwardRefuel: Codable, Sendable, Equatable {
    public var id: Int64
    public var refuel: Refuel

    public init(id: Int64, refuel: Refuel) {
        self.id = id
        self.refuel = refuel
    }
}
