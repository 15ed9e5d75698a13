import MeterwatchCore

/// Durations and numbers in rule summaries.
enum SummaryFormat {
    static func n(_ v: Double) -> String { DisplayFormat.asWritten(v) }
    static func duration(_ ms: Int64) -> String {
        if ms == 0 { return "0" }
        if ms % 3_600_000 == 0 { return "\(ms / 3_600_000)h" }
        if ms % 60_000 == 0 { return "\(ms / 60_000)m" }
        if ms % 1000 == 0 { return "\(ms / 1000)s" }
        return "\(ms)ms"
    }
}
