/// One line of RFC 4180 CSV: fields quoted when they hold a comma, a quote or a line break.
enum CSVLine {
    static func of(_ fields: [String]) -> String {
        fields.map(quoted).joined(separator: ",")
    }

    static func quoted(_ s: String) -> String {
        guard s.contains(",") || s.contains("\"") || s.contains("\n") else {
            return s
        }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
