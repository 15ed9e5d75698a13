import MeterwatchImport

/// What an import printed: one line of counts on standard output, each rejected row on standard error.
enum ImportSummary {
    static func print(_ r: ImportResult) {
        var line =
            "\(r.file): \(r.rows) rows (\(r.encoding.rawValue)): \(r.report.inserted) new, \(r.report.updated) updated, "
            + "\(r.report.unchanged) unchanged"
        if r.duplicates > 0 {
            line += ", \(r.duplicates) duplicates skipped"
        }
        if !r.rejected.isEmpty {
            line += ", \(r.rejected.count) rejected"
        }
        Swift.print(line)
        for rejected in r.rejected {
            StandardError.line("rejected: \(rejected)")
        }
    }
}
