/// Where a forwarder delivers: a central over HTTP (`HTTPForwardTarget`), or the central store of
/// the same process (a central on PostgreSQL forwarding its own collector's SQLite store into it).
/// Delivering the same batch twice must store it once: a batch not acknowledged is sent again.
public protocol ForwardTarget: Sendable {
    /// What the logs and `forward status` call it (a URL, a database without its password).
    var name: String { get }
    /// Stores a batch, or throws `ForwardError`.
    func deliver(_ batch: ForwardBatch) async throws -> ForwardReceipt
}
