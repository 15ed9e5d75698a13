import ArgumentParser

/// `--format` of commands that print a table or JSON (the help lists the values).
enum TableOrJSON: String, ExpressibleByArgument, CaseIterable {
    case table, json
}
