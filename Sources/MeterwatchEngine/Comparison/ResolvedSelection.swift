import MeterwatchStore

/// The series a selection stands for.
public struct ResolvedSelection: Sendable {
    public var description: String
    public var unit: String
    /// Series of the selected meters that have data in the store.
    public var seriesIDs: [Int64]
    /// Those series that come from the fleet's fuel log (coverage = the log's span).
    public var fuelLogSeriesIDs: Set<Int64>
    /// Meters selected, with or without data (the coverage denominator).
    public var meterCount: Int
    public var metersWithoutData: [String]
    /// The meter of each series (to name a late one).
    public var meterOf: [Int64: String] = [:]
    /// Every series the selection names, with or without data here.
    public var keys: [SeriesKey] = []

    /// Series whose coverage comes from their rollups (not a fuel log).
    var measuredSeriesIDs: [Int64] { seriesIDs.filter { !fuelLogSeriesIDs.contains($0) } }
    var logSeriesIDs: [Int64] { seriesIDs.filter { fuelLogSeriesIDs.contains($0) } }
}
