/// A store upgraded on open: the schema it had, the one it has now, and where the copy taken
/// before a rewriting migration is (nil when no migration rewrote data).
public struct StoreUpgrade: Sendable, Equatable, Codable {
    public var from: String
    public var to: String
    public var backupPath: String?

    public init(from: String, to: String, backupPath: String?) {
        self.from = from
        self.to = to
        self.backupPath = backupPath
    }

    /// One line for the log or the terminal.
    public var description: String {
        let copy = backupPath.map { "; the store as it was is kept at \($0)" } ?? ""
        return "upgraded the store from schema \(from) to \(to)\(copy)"
    }
}
