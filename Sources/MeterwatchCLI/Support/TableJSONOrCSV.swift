import ArgumentParser

/// `--format` of commands that also write CSV (exact values, for spreadsheets).
enum TableJSONOrCSV: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}
