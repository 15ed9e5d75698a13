import Foundation

/// One CSV record with the physical line it starts on (1-based, header included) and the
/// column (1-based, in characters) where each field starts.
public struct CSVRecord: Sendable, Equatable {
    public var line: Int
    public var fields: [String]
    public var columns: [Int]
    public init(line: Int, fields: [String], columns: [Int] = []) {
        self.line = line
        self.fields = fields
        self.columns = columns
    }

    /// Where field `index` starts (1 when unknown).
    public func column(_ index: Int) -> Int { index < columns.count ? columns[index] : 1 }
}

/// A problem in an input file, pointing at `file:line:column` and naming the field.
public struct InputError: Error, CustomStringConvertible, Sendable, Equatable {
    public var file: String
    public var line: Int?
    /// The field's name (`value`, `time`…).
    public var field: String?
    /// 1-based character column where the field starts.
    public var column: Int?
    public var message: String
    public init(file: String, line: Int?, field: String? = nil, column: Int? = nil, message: String) {
        self.file = file; self.line = line; self.field = field; self.column = column; self.message = message
    }
    public var description: String {
        var s = file
        if let line { s += ":\(line)" }
        if let line = line, let column, line > 0 { s += ":\(column)" }
        if let field { s += ": \(field)" }
        return "\(s): \(message)"
    }
}

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

/// Decodes an input file: UTF-8 (with or without a byte-order mark) or Big5 (CP950, what Excel on
/// a Traditional Chinese Windows writes). UTF-8 is tried first; Big5 is used only when the bytes
/// are not valid UTF-8.
public enum TextDecoding {
    public enum Encoding: String, Sendable { case utf8 = "UTF-8", big5 = "Big5" }

    public static func decode(_ data: Data, file: String) throws(InputError) -> (text: String, encoding: Encoding) {
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if let s = String(validating: bytes, as: UTF8.self) { return (s, .utf8) }
        if let s = iconvDecode(Data(bytes), from: "CP950") ?? iconvDecode(Data(bytes), from: "BIG5-HKSCS") { return (s, .big5) }
        throw InputError(file: file, line: nil, message: "the file is neither UTF-8 nor Big5 text")
    }

    static func iconvDecode(_ data: Data, from encoding: String) -> String? {
        let cd = iconv_open("UTF-8", encoding)
        guard cd != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(cd) }
        var input = [UInt8](data)
        var output = [UInt8](repeating: 0, count: input.count * 4 + 16)
        var written = -1
        input.withUnsafeMutableBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuf.baseAddress!).assumingMemoryBound(to: CChar.self)
                var inLeft = inBuf.count
                var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuf.baseAddress!).assumingMemoryBound(to: CChar.self)
                var outLeft = outBuf.count
                if iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft) != -1 { written = outBuf.count - outLeft }
            }
        }
        guard written >= 0 else { return nil }
        return String(validating: output.prefix(written), as: UTF8.self)
    }
}
