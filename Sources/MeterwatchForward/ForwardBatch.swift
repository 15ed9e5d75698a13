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
    /// The edge's alerts with history not sent before (absent in a batch of readings only).
    public var alerts: [ForwardAlert]?

    public init(series: [ForwardSeries] = [], alerts: [ForwardAlert]? = nil) {
        self.series = series
        self.alerts = alerts
    }

    /// Readings and totals in the batch.
    public var count: Int { series.reduce(0) { $0 + ($1.samples?.count ?? 0) + ($1.intervals?.count ?? 0) } }
}
