import Foundation
import Synchronization

/// A progress line for long imports on a terminal: rows, MB/s and the time left, redrawn in place
/// on standard error at most five times a second. Nothing at all when standard error is not a
/// terminal (scripts, CI, pipes).
public final class ImportProgress: Sendable {
    let started = Date()
    /// When the line was last drawn (nil: never); the importer's reader and writer threads both report.
    private let lastDraw = Mutex<Date?>(nil)

    /// nil when standard error is not a terminal.
    public static func forTerminal() -> ImportProgress? { isatty(STDERR_FILENO) == 1 ? ImportProgress() : nil }

    func update(rows: Int, bytes: Int64, total: Int64?) {
        let now = Date()
        let due = lastDraw.withLock { last in
            guard now.timeIntervalSince(last ?? .distantPast) >= 0.2 else { return false }
            last = now
            return true
        }
        guard due else { return }
        let seconds = max(now.timeIntervalSince(started), 1e-3)
        let rate = Double(bytes) / seconds / 1_048_576
        var line = "\r\(Self.grouped(rows)) rows · \(String(format: "%.1f", rate)) MB/s"
        if let total, total > 0, bytes > 0 {
            let left = Double(total - bytes) / (Double(bytes) / seconds)
            line += " · \(Int((Double(bytes) / Double(total) * 100).rounded())) % · \(Int(left.rounded())) s left"
        }
        FileHandle.standardError.write(Data((line + "   ").utf8))
    }

    func finish(rows: Int, bytes: Int64) {
        guard lastDraw.withLock({ $0 }) != nil else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    static func grouped(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
    }
}
