import Foundation
import MeterwatchCore

/// Resident memory of this process in MB (VmRSS, or VmHWM for the peak), from /proc.
enum ResidentMemory {
    static func megabytes(peak: Bool = false) -> String {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return "?" }
        let key = peak ? "VmHWM:" : "VmRSS:"
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(key) }),
            let kb = Double(line.split(separator: " ").dropFirst().first ?? "")
        else { return "?" }
        return DisplayFormat.number(kb / 1024, decimals: 0)
    }
}
