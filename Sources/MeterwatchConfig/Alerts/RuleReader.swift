/// A rule's mapping in `alerts.rules`, with readers for its typed values; every error names the
/// file, line and key.
public struct RuleReader {
    package let node: YAMLReader
    package let values: [String: YAMLReader]

    package subscript(_ key: String) -> YAMLReader? { values[key] }

    package func error(_ message: String) -> ConfigError { node.error(message) }

    /// An error at `key`'s value, or at the rule when the key is absent.
    package func error(at key: String, _ message: String) -> ConfigError { (values[key] ?? node).error(message) }

    /// A positive number; `default` when absent (an error when absent and no default).
    package func positive(_ key: String, default d: Double? = nil) throws(ConfigError) -> Double {
        guard let n = values[key] else {
            if let d { return d }
            throw node.error("missing \(key)")
        }
        let v = try n.double()
        guard v > 0 else { throw n.error("must be positive") }
        return v
    }

    package func count(_ key: String, default d: Int, range: ClosedRange<Int>) throws(ConfigError) -> Int {
        guard let n = values[key] else { return d }
        let v = try n.int()
        guard range.contains(v) else { throw n.error("must be \(range.lowerBound)…\(range.upperBound)") }
        return v
    }

    /// A duration; `0`, `0s` and the like are allowed (a hold-off of zero fires at once).
    package func duration(_ key: String) throws(ConfigError) -> Int64? {
        guard let n = values[key] else { return nil }
        if let s = n.node.scalar?.string.trimmingWhitespace, ["0", "0s", "0m", "0ms"].contains(s) { return 0 }
        return try n.durationMs()
    }

    package func percent(_ key: String, default d: Double) throws(ConfigError) -> Double {
        guard let n = values[key] else { return d }
        let v = try n.double()
        guard (0...100).contains(v) else { throw n.error("must be a percentage 0…100") }
        return v
    }

    /// A number above `floor` (exclusive), or nil when absent.
    package func number(_ key: String, above floor: Double, message: String) throws(ConfigError) -> Double? {
        guard let n = values[key] else { return nil }
        let v = try n.double()
        guard v > floor else { throw n.error(message) }
        return v
    }
}
