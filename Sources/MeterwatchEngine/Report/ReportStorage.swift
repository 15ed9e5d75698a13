import MeterwatchCore

/// What a storage system earned its billed meter in the report's complete months, beside the same
/// months of the baseline (`BillingEngine.storageEarnings`, month by month: demand charges are monthly).
public struct ReportStorage: Sendable, Encodable {
    public var meter: String
    /// The complete months on each side (a period in progress: those before the current month).
    public var months: Int
    public var current: StorageEarnings?
    public var baseline: StorageEarnings?
}
