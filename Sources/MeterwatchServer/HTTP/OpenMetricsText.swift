/// The Prometheus text format 0.0.4 that swift-prometheus writes, as OpenMetrics 1.0 text
/// (Prometheus asks for it first): a counter family is named without its `_total` suffix in its
/// `# TYPE` and `# HELP` lines (its samples keep it), and the exposition ends with `# EOF`.
enum OpenMetricsText {
    static let contentType = "application/openmetrics-text; version=1.0.0; charset=utf-8"

    static func convert(_ text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        let counters = Set(
            lines.compactMap { line -> Substring? in
                let parts = line.split(separator: " ")
                return parts.count == 4 && parts[1] == "TYPE" && parts[3] == "counter" ? parts[2] : nil
            })
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for line in lines {
            if line.hasPrefix("# TYPE ") || line.hasPrefix("# HELP ") {
                let parts = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false)
                // "# TYPE name counter" / "# HELP name text"
                if parts.count >= 3, parts[2].hasSuffix("_total"), counters.contains(parts[2]) {
                    let base = parts[2].dropLast(6)
                    out += "\(parts[0]) \(parts[1]) \(base)"
                    if parts.count == 4 { out += " \(parts[3])" }
                    out += "\n"
                    continue
                }
            }
            out += line
            out += "\n"
        }
        out += "# EOF\n"
        return out
    }
}
