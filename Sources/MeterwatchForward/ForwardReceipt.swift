/// The central's answer to a batch: what it stored. A batch sent again after a lost answer comes
/// back as unchanged.
public struct ForwardReceipt: Codable, Sendable, Equatable {
    public var inserted: Int
    public var updated: Int
    public var unchanged: Int
    /// Readings and totals deleted by the batch's deletions (absent without any).
    public var deleted: Int?
    /// Fuel log rows added (absent without any sent).
    public var refuels: Int?

    public init(inserted: Int, updated: Int, unchanged: Int, deleted: Int? = nil, refuels: Int? = nil) {
        self.inserted = inserted
        self.updated = updated
        self.unchanged = unchanged
        self.deleted = deleted
        self.refuels = refuels
    }
}
