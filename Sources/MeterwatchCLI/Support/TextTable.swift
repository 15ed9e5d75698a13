/// An aligned plain-text table for the terminal; CJK characters count two columns.
///
/// ```swift
/// print(TextTable(["meter", "kWh"], [["hall", "1,234"]], rightAligned: [1]).text)
/// ```
struct TextTable {
    let header: [String]
    let rows: [[String]]
    var rightAligned: Set<Int> = []

    init(_ header: [String], _ rows: [[String]], rightAligned: Set<Int> = []) {
        self.header = header
        self.rows = rows
        self.rightAligned = rightAligned
    }

    var text: String {
        var widths = header.map(Self.displayWidth)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count {
                widths[i] = max(widths[i], Self.displayWidth(cell))
            }
        }
        func line(_ cells: [String]) -> String {
            let padded = cells.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: max(0, widths[i] - Self.displayWidth(cell)))
                return rightAligned.contains(i) ? pad + cell : cell + pad
            }
            return String(padded.joined(separator: "  ").reversed().drop { $0 == " " }.reversed())
        }
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        return ([line(header), rule] + rows.map(line)).joined(separator: "\n")
    }

    /// Terminal columns of a string: East Asian wide characters take two.
    static func displayWidth(_ s: String) -> Int {
        s.unicodeScalars.reduce(0) { width, scalar in width + (isWide(scalar.value) ? 2 : 1) }
    }

    private static func isWide(_ v: UInt32) -> Bool {
        let ranges: [ClosedRange<UInt32>] = [
            0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
        ]
        return ranges.contains { $0.contains(v) }
    }
}
