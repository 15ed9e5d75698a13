import Yams

/// Walks a Yams node tree, keeping the file name and key path so that every error names its place.
package struct YAMLReader {
    package init(file: String, node: Node, path: String) {
        self.file = file
        self.node = node
        self.path = path
    }
    package let file: String
    package let node: Node
    package let path: String

    package func error(_ message: String) -> ConfigError {
        ConfigError(file: file, line: node.mark?.line, column: node.mark?.column, key: path, message: message)
    }

    package func child(_ key: String, _ node: Node) -> YAMLReader {
        YAMLReader(file: file, node: node, path: path.isEmpty ? key : "\(path).\(key)")
    }

    /// The mapping's entries; errors on unknown keys so that typos don't pass silently (`allowed`
    /// nil: a map whose keys are data, such as claim values).
    package func mapping(allowed: Set<String>?) throws(ConfigError) -> [String: YAMLReader] {
        guard let map = node.mapping else { throw error("expected a mapping (key: value)") }
        var out: [String: YAMLReader] = [:]
        for (k, v) in map {
            guard let key = k.string else { throw error("keys must be strings") }
            let reader = child(key, v)
            if let allowed, !allowed.contains(key) {
                throw ConfigError(
                    file: file, line: k.mark?.line, column: k.mark?.column, key: reader.path,
                    message: "unknown key (expected one of: \(allowed.sorted().joined(separator: ", ")))")
            }
            guard out[key] == nil else { throw reader.error("duplicate key") }
            out[key] = reader
        }
        return out
    }

    package func sequence() throws(ConfigError) -> [YAMLReader] {
        guard let seq = node.sequence else { throw error("expected a list") }
        return seq.enumerated().map { YAMLReader(file: file, node: $1, path: "\(path)[\($0)]") }
    }

    package func string() throws(ConfigError) -> String {
        guard let s = node.scalar?.string else { throw error("expected a text value") }
        return s
    }

    package func nonEmptyString() throws(ConfigError) -> String {
        let s = try string()
        guard !s.trimmingWhitespace.isEmpty else { throw error("must not be empty") }
        return s
    }

    package func double() throws(ConfigError) -> Double {
        guard let s = node.scalar?.string, let v = Double(s.replacingUnderscores), v.isFinite else { throw error("expected a number") }
        return v
    }

    package func int() throws(ConfigError) -> Int {
        guard let s = node.scalar?.string, let v = Int(s.replacingUnderscores) else { throw error("expected a whole number") }
        return v
    }

    package func bool() throws(ConfigError) -> Bool {
        switch node.scalar?.string.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw error("expected true or false")
        }
    }

    package func stringList() throws(ConfigError) -> [String] {
        if node.scalar != nil { return [try string()] }
        return try sequence().map { r throws(ConfigError) in try r.string() }
    }

    /// Durations: `90s`, `15m`, `2h`, `35d`, or a number of seconds.
    package func durationMs() throws(ConfigError) -> Int64 {
        guard let ms = Self.parseDurationMs(try string()) else { throw error("expected a duration such as 90s, 15m, 2h or 35d") }
        return ms
    }

    /// `90s`, `15m`, `2h`, `35d`, `500ms`, or a number of seconds; nil unless positive.
    package static func parseDurationMs(_ text: String) -> Int64? {
        let s = text.trimmingWhitespace.lowercased()
        let units: [(String, Int64)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000)]
        // Whatever the text, the result is total: no trap on `1e300d` or `nan`.
        func milliseconds(_ v: Double, _ factor: Int64) -> Int64? {
            guard v.isFinite, v > 0, let ms = (v * Double(factor)).clampedInt64, ms >= 1, ms <= 100 * 366 * 86_400_000 else { return nil }
            return ms
        }
        for (suffix, factor) in units where s.hasSuffix(suffix) {
            if let v = Double(s.dropLast(suffix.count)) { return milliseconds(v, factor) }
        }
        if let v = Double(s) { return milliseconds(v, 1000) }
        return nil
    }
}

extension String {
    package var trimmingWhitespace: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
    package var replacingUnderscores: String { filter { $0 != "_" } }
}

extension YAMLReader {
    /// Parses a whole YAML document; syntax errors carry file, line and column.
    package static func document(yaml: String, file: String) throws(ConfigError) -> YAMLReader {
        do {
            guard let node = try Yams.compose(yaml: yaml) else {
                throw ConfigError(file: file, line: nil, column: nil, key: "", message: "the file is empty")
            }
            return YAMLReader(file: file, node: node, path: "")
        } catch let e as ConfigError {
            throw e
        } catch let e as YamlError {
            throw SiteConfig.yamlSyntaxError(e, file: file)
        } catch {
            throw ConfigError(file: file, line: nil, column: nil, key: "", message: "\(error)")
        }
    }

    /// Whole numbers written in decimal or hex (`0x0BB7`), as register maps in manuals are.
    package func integer() throws(ConfigError) -> Int {
        guard let raw = node.scalar?.string else { throw error("expected a whole number") }
        let s = raw.replacingUnderscores.lowercased()
        if s.hasPrefix("0x"), let v = Int(s.dropFirst(2), radix: 16) { return v }
        if s.hasPrefix("-0x"), let v = Int(s.dropFirst(3), radix: 16) { return -v }
        if let v = Int(s) { return v }
        throw error("expected a whole number (decimal or 0x hex), got '\(raw)'")
    }

    package var line: Int? { node.mark?.line }
}
