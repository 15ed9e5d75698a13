import Foundation

/// Reads an input file's bytes, with an error that names it.
public func readInputFile(_ path: String) throws(InputError) -> Data {
    do { return try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
        throw InputError(file: path, line: nil, message: "cannot read the file: \(error.localizedDescription)")
    }
}

/// RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF, newlines inside quotes.
///
/// Written here rather than taken from a CSV package because every error we report must name the
/// physical line a record starts on, which the packages available don't expose.
public enum CSVReader {
    public static func parse(_ text: String, file: String) throws(InputError) -> [CSVRecord] {
        var records: [CSVRecord] = []
        var fields: [String] = []
        var columns: [Int] = []
        var field = ""
        var line = 1
        var recordLine = 1
        // Column (1-based, in characters) of the next character, and where the current field started.
        var column = 1
        var fieldColumn = 1
        var inQuotes = false
        var quotedField = false
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = iterator.next()

        func endField() {
            fields.append(quotedField ? field : field.trimmedCSV)
            columns.append(fieldColumn)
            field = ""
            quotedField = false
            fieldColumn = column + 1
        }
        func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) { records.append(CSVRecord(line: recordLine, fields: fields, columns: columns)) }
            fields = []
            columns = []
        }
        func newLine() {
            line += 1
            recordLine = line
            column = 0
            fieldColumn = 1
        }

        while let c = pending {
            pending = iterator.next()
            defer { column += 1 }
            if inQuotes {
                if c == "\"" {
                    if pending == "\"" {
                        field.unicodeScalars.append("\"")
                        pending = iterator.next()
                        column += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if c == "\n" {
                        line += 1
                        column = 0
                    }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"":
                guard field.trimmedCSV.isEmpty else {
                    throw InputError(file: file, line: line, column: column, message: "stray quote inside an unquoted field")
                }
                field = ""
                inQuotes = true
                quotedField = true
            case ",":
                endField()
            case "\r":
                if pending == "\n" { continue }
                endRecord()
                newLine()
            case "\n":
                endRecord()
                newLine()
            default:
                if quotedField, !(c == " " || c == "\t") {
                    throw InputError(file: file, line: line, column: column, message: "text after a closing quote")
                }
                if !quotedField { field.unicodeScalars.append(c) }
            }
        }
        if inQuotes { throw InputError(file: file, line: recordLine, message: "a quoted field is never closed") }
        if !field.isEmpty || !fields.isEmpty || quotedField { endRecord() }
        return records
    }
}

extension String {
    var trimmedCSV: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\u{3000}" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\u{3000}" { s = s.dropLast() }
        return String(s)
    }
}
