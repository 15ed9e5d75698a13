import Foundation

/// RFC 4180 CSV read as bytes from a `ByteSource`, a record at a time, in bounded memory: fields
/// are byte ranges of the current record (quoted fields are unescaped into a side buffer). The
/// encoding (UTF-8, with or without BOM, or Big5) is decided from the first chunk; Big5 never uses
/// the bytes of `,`, `"`, CR or LF inside a character, so scanning bytes is safe for both.
public struct CSVByteScanner {
    public typealias Field = (start: Int, end: Int)

    var source: any ByteSource
    let file: String
    /// Input not yet consumed; `position` is the start of the next record.
    var buffer: [UInt8] = []
    var position = 0
    var finished = false
    /// Unescaped quoted fields, referenced by `Field`s at offset `quotedBase`.
    var quoted: [UInt8] = []
    public private(set) var fields: [Field] = []
    /// The current record's bytes (fields index into this, or into `quoted` past `quotedBase`).
    public private(set) var record: [UInt8] = []
    public private(set) var line = 0
    public private(set) var bytesRead: Int64 = 0
    public private(set) var encoding: TextDecoding.Encoding = .utf8
    static let chunk = 1 << 20
    static let quotedBase = 1 << 40

    public init(source: any ByteSource, file: String) throws {
        self.source = source
        self.file = file
        try fill(minimum: 64 * 1024)
        if buffer.starts(with: [0xEF, 0xBB, 0xBF]) {
            position = 3
        } else if !Self.isUTF8Prefix(buffer[...]) {
            encoding = .big5
        }
    }

    /// Valid UTF-8, allowing a character cut at the end of the chunk.
    static func isUTF8Prefix(_ bytes: ArraySlice<UInt8>) -> Bool {
        var slice = bytes
        for _ in 0..<3 {
            if String(validating: slice, as: UTF8.self) != nil { return true }
            guard !slice.isEmpty else { return false }
            slice = slice.dropLast()
        }
        return String(validating: slice, as: UTF8.self) != nil
    }

    mutating func fill(minimum: Int) throws {
        while !finished && buffer.count - position < minimum {
            if position > 0 && position > buffer.count / 2 {
                buffer.removeFirst(position)
                position = 0
            }
            let n = try source.read(into: &buffer, count: Self.chunk)
            bytesRead += Int64(n)
            if n == 0 { finished = true }
        }
    }

    public var totalBytes: Int64? { source.totalBytes }

    /// Moves to the next non-empty record; false at the end of the input.
    public mutating func next() throws -> Bool {
        while true {
            fields.removeAll(keepingCapacity: true)
            record.removeAll(keepingCapacity: true)
            quoted.removeAll(keepingCapacity: true)
            if position >= buffer.count {
                try fill(minimum: 1)
                if position >= buffer.count { return false }
            }
            line += 1
            var fieldStart = 0
            var inQuotes = false
            var quotedField = false
            var quotedStart = 0
            var terminated = false
            while true {
                if position >= buffer.count {
                    try fill(minimum: 1)
                    if position >= buffer.count {
                        if inQuotes { throw InputError(file: file, line: line, message: "a quoted field is not closed") }
                        break
                    }
                }
                let b = buffer[position]
                if inQuotes {
                    position += 1
                    if b == 0x22 {
                        if position >= buffer.count { try fill(minimum: 1) }
                        if position < buffer.count && buffer[position] == 0x22 {
                            quoted.append(0x22)
                            record.append(0x22)
                            record.append(0x22)
                            position += 1
                        } else {
                            inQuotes = false
                            record.append(0x22)
                        }
                    } else {
                        if b == 0x0A { line += 1 }
                        quoted.append(b)
                        record.append(b)
                    }
                    continue
                }
                if b == 0x2C || b == 0x0A || b == 0x0D {
                    if quotedField {
                        fields.append((Self.quotedBase + quotedStart, Self.quotedBase + quoted.count))
                    } else {
                        fields.append((fieldStart, record.count))
                    }
                    position += 1
                    if b == 0x2C {
                        record.append(b)
                        fieldStart = record.count
                        quotedField = false
                        continue
                    }
                    if b == 0x0D {
                        if position >= buffer.count { try fill(minimum: 1) }
                        if position < buffer.count && buffer[position] == 0x0A { position += 1 }
                    }
                    terminated = true
                    break
                }
                if b == 0x22 && record.count == fieldStart {
                    inQuotes = true
                    quotedField = true
                    quotedStart = quoted.count
                    record.append(b)
                    position += 1
                    continue
                }
                // A run of ordinary bytes, appended at once (most of a file).
                let runEnd = buffer.withUnsafeBufferPointer { p -> Int in
                    var k = position
                    while k < p.count {
                        let c = p[k]
                        if c == 0x2C || c == 0x0A || c == 0x0D || c == 0x22 { break }
                        k += 1
                    }
                    return k
                }
                record.append(contentsOf: buffer[position..<max(runEnd, position + 1)])
                position = max(runEnd, position + 1)
            }
            if !terminated {
                // The last record of an input without a final line break.
                fields.append(quotedField ? (Self.quotedBase + quotedStart, Self.quotedBase + quoted.count) : (fieldStart, record.count))
            }
            // A blank line (or one of spaces) is skipped.
            if fields.count == 1 && record.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                continue
            }
            return true
        }
    }

    /// The bytes of a field, spaces around it trimmed.
    public func bytes(_ f: Field) -> ArraySlice<UInt8> {
        var slice = f.start >= Self.quotedBase ? quoted[(f.start - Self.quotedBase)..<(f.end - Self.quotedBase)] : record[f.start..<f.end]
        while let first = slice.first, first == 0x20 || first == 0x09 { slice = slice.dropFirst() }
        while let last = slice.last, last == 0x20 || last == 0x09 { slice = slice.dropLast() }
        return slice
    }

    /// A field as text, in the input's encoding.
    public func string(_ f: Field) -> String {
        let b = bytes(f)
        if encoding == .utf8 || b.allSatisfy({ $0 < 0x80 }) {
            return String(decoding: b, as: UTF8.self)
        }
        return TextDecoding.iconvDecode(Data(b), from: "CP950") ?? String(decoding: b, as: UTF8.self)
    }

    /// 1-based character column where field `i` starts (for error messages).
    public func column(_ i: Int) -> Int {
        guard i < fields.count else {
            return 1
        }
        // Columns count characters of the raw record up to the field.
        var index = 0
        var k = 0
        while k < record.count && index < i {
            if record[k] == 0x22 {
                // skip a quoted run
                k += 1
                while k < record.count {
                    if record[k] == 0x22 {
                        if k + 1 < record.count && record[k + 1] == 0x22 {
                            k += 2
                            continue
                        }
                        break
                    }
                    k += 1
                }
            }
            if k < record.count && record[k] == 0x2C { index += 1 }
            k += 1
        }
        let prefix = record[0..<min(k, record.count)]
        let text =
            encoding == .utf8 ? String(decoding: prefix, as: UTF8.self) : (TextDecoding.iconvDecode(Data(prefix), from: "CP950") ?? "")
        return text.count + 1
    }
}
