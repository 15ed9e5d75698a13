import Foundation

extension YAMLReader {
    /// A secret: written in the file, or read from the environment or a file, so that it can stay out
    /// of a configuration that is shared or kept in version control.
    ///
    /// ```yaml
    /// client_secret: { env: MW_OIDC_SECRET }
    /// postgres: { file: /etc/meterwatch/postgres-url }   # the whole value, trailing newline dropped
    /// secret: "…"                                        # in the file itself
    /// ```
    /// Errors name the place and the variable or file, never the value.
    package func secret(environment: [String: String], configDir: String) throws(ConfigError) -> String {
        if node.scalar != nil {
            guard let text = node.scalar?.string, !text.trimmingWhitespace.isEmpty else { throw error("must not be empty") }
            return text
        }
        let m = try mapping(allowed: ["env", "file"])
        if let e = m["env"] {
            let name = try e.nonEmptyString()
            guard let value = environment[name], !value.isEmpty else { throw e.error("environment variable \(name) is not set") }
            return value
        }
        if let f = m["file"] {
            var path = try f.nonEmptyString()
            if !path.hasPrefix("/") && !configDir.isEmpty { path = (configDir as NSString).appendingPathComponent(path) }
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw f.error("cannot read \(path)") }
            let value = text.trimmingCharacters(in: .newlines)
            guard !value.isEmpty else { throw f.error("\(path) is empty") }
            return value
        }
        throw error("give the secret, or { env: NAME } or { file: PATH }")
    }

    /// A path relative to the configuration's folder, which must name a readable file.
    package func existingFile(configDir: String) throws(ConfigError) -> String {
        var path = try nonEmptyString()
        if !path.hasPrefix("/") && !configDir.isEmpty { path = (configDir as NSString).appendingPathComponent(path) }
        guard FileManager.default.isReadableFile(atPath: path) else { throw error("cannot read \(path)") }
        return path
    }
}
