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
        if r.rejectedTotal > 0 || !r.rejected.isEmpty {
            line += ", \(max(r.rejectedTotal, r.rejected.count)) rejected"
        }
        Swift.print(line)
        for rejected in r.rejected {
            StandardError.line("rejected: \(rejected)")
        }
        if r.rejectedTotal > r.rejected.count {
            StandardError.line("rejected: … and \(r.rejectedTotal - r.rejected.count) more")
        }
    }
}
