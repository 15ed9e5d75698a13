import MeterwatchStore

/// What an edge sends its central in one request (`POST /api/v1/sites/{site}/forward`): readings
/// and interval totals of some series, each series described so that the central can create it.
///
/// ```json
/// {"series": [{"meter": "library-main", "quantity": "energy_import", "kind": "counter", "unit": "kWh",
///              "samples": [[1767196800000, 876543.25], …]}]}
/// ```
/// Times are UTC milliseconds, values exact; JSON numbers hold both without loss.
public struct ForwardBatch: Codable, Sendable, Equatable {
    public var series: [ForwardSeries]
    /// Deletions made at the edge since the last batch, applied before the batch's readings.
    public var deletions: [ForwardDeletion]?
    /// The edge's alerts with history not sent before (absent in a batch of readings only).
    public var alerts: [ForwardAlert]?
    /// The sending store's id (`MeterStore.storeID()`), with `alerts`: alert ids start again in a
    /// replaced edge's store, so the central keys them by store too.
    public var edge: String?
    /// Rows of the fleet's fuel log not sent before (from the building keeping the fleet).
    public var refuels: [ForwardRefuel]?
    /// The edge's devices whose health changed.
    public var devices: [ForwardDevice]?
    /// The edge's audit entries not sent before (sign-ins, writes, deletions made there), with `edge`.
    public var audit: [AuditEvent]?

    public init(
        series: [ForwardSeries] = [], deletions: [ForwardDeletion]? = nil, alerts: [ForwardAlert]? = nil,
        refuels: [ForwardRefuel]? = nil, devices: [ForwardDevice]? = nil
    ) {
        self.series = series
        self.deletions = deletions
        self.alerts = alerts
        self.refuels = refuels
        self.devices = devices
    }

    /// Readings and totals in the batch.
    public var count: Int { series.reduce(0) { $0 + ($1.samples?.count ?? 0) + ($1.intervals?.count ?? 0) } }

    /// Whether it carries nothing at all.
    public var isEmpty: Bool {
        count == 0 && (deletions ?? []).isEmpty && (alerts ?? []).isEmpty && (refuels ?? []).isEmpty && (devices ?? []).isEmpty
            && (audit ?? []).isEmpty
    }
}
