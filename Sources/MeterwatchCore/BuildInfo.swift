/// What this build is: its version, and the store schema it writes.
public enum BuildInfo {
    public static let version = "0.9.0"
    /// The git commit the binary was built from ("unknown" outside a git checkout).
    public static let commit = BuildCommit.id
    /// The first 12 digits, as `--version` shows them.
    public static var shortCommit: String { String(commit.prefix(12)) }
    /// The newest store migration this build applies (`MeterStore.migrator`).
    public static let storeSchema = "v10-access"
}
