/// The central's answer to a batch: what it stored. A batch sent again after a lost answer comes
/// back as unchanged.
public struct ForwardReceipt: Codable, Sendable, Equatable {
    public var inserted: Int
    public var updated: Int
    public var unchanged: Int

    public init(inserted: Int, updated: Int, unchanged: Int) {
        self.inserted = inserted
        self.updated = updated
        self.unchanged = unchanged
    }
}
