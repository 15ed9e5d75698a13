/// What this build is: its version, and the store schema it writes.
public enum BuildInfo {
    public static let version = "0.9.0"
    /// The newest store migration this build applies (`MeterStore.migrator`).
    public static let storeSchema = "v5-sample-chunks"
}
