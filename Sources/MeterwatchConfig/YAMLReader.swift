import Yams

/// Walks a Yams node tree, keeping the file name and key path so that every error names its place.
struct YAMLReader {
    let file: String
    let node: Node
    let path: String

    func error(_ message: String) -> ConfigError {
        ConfigError(file: file, line: node.mark?.line, column: node.mark?.column, key: path, message: message)
    }

    func child(_ key: String, _ node: Node) -> YAMLReader {
        YAMLReader(file: file, node: node, path: path.isEmpty ? key : "\(path).\(key)")
    }

    /// The mapping's entries; errors on unknown keys so that typos don't pass silently.
    func mapping(allowed: Set<String>) throws(ConfigError) -> [String: YAMLReader] {
        guard let map = node.mapping else { throw error("expected a mapping (key: value)") }
        var out: [String: YAMLReader] = [:]
        for (k, v) in map {
            guard let key = k.string else { throw error("keys must be strings") }
            let reader = child(key, v)
            guard allowed.contains(key) else {
                throw ConfigError(file: file, line: k.mark?.line, column: k.mark?.column, key: reader.path,
                                  message: "unknown key (expected one of: \(allowed.sorted().joined(separator: ", ")))")
            }
            guard out[key] == nil else { throw reader.error("duplicate key") }
            out[key] = reader
        }
        return out
    }

    func sequence() throws(ConfigError) -> [YAMLReader] {
        guard let seq = node.sequence else { throw error("expected a list") }
        return seq.enumerated().map { YAMLReader(file: file, node: $1, path: "\(path)[\($0)]") }
    }

    func string() throws(ConfigError) -> String {
        guard let s = node.scalar?.string else { throw error("expected a text value") }
        return s
    }

    func nonEmptyString() throws(ConfigError) -> String {
        let s = try string()
        guard !s.trimmingWhitespace.isEmpty else { throw error("must not be empty") }
        return s
    }

    func double() throws(ConfigError) -> Double {
        guard let s = node.scalar?.string, let v = Double(s.replacingUnderscores), v.isFinite else { throw error("expected a number") }
        return v
    }

    func int() throws(ConfigError) -> Int {
        guard let s = node.scalar?.string, let v = Int(s.replacingUnderscores) else { throw error("expected a whole number") }
        return v
    }

    func bool() throws(ConfigError) -> Bool {
        switch node.scalar?.string.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw error("expected true or false")
        }
    }

    func stringList() throws(ConfigError) -> [String] {
        if node.scalar != nil { return [try string()] }
        return try sequence().map { r throws(ConfigError) in try r.string() }
    }

    /// Durations: `90s`, `15m`, `2h`, `35d`, or a number of seconds.
    func durationMs() throws(ConfigError) -> Int64 {
        let s = try string().trimmingWhitespace.lowercased()
        let units: [(String, Int64)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000)]
        for (suffix, factor) in units where s.hasSuffix(suffix) {
            if let v = Double(s.dropLast(suffix.count)), v > 0 { return Int64(v * Double(factor)) }
        }
        if let v = Double(s), v > 0 { return Int64(v * 1000) }
        throw error("expected a duration such as 90s, 15m, 2h or 35d")
    }
}

extension String {
    var trimmingWhitespace: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
    var replacingUnderscores: String { filter { $0 != "_" } }
}
