import MeterwatchCore

/// Which figure of a comparison a derived KPI takes.
public enum DerivedValue: String, Sendable, Codable, CaseIterable {
    /// (baseline − current) / baseline × 100: positive when consumption fell.
    case reductionPercent = "reduction-percent"
    /// (current − baseline) / baseline × 100.
    case changePercent = "change-percent"
    case reduction
    case change
    case current
}
