/// Where a KPI stands for a period.
public enum KPIStatus: String, Sendable, Codable, CaseIterable {
    case met
    case notMet = "not-met"
    /// The period is not over: the value so far is on its way to the target.
    case onTrack = "on-track"
    /// The period is not over: the value so far falls short.
    case behind
    case notApplicable = "n/a"
}
