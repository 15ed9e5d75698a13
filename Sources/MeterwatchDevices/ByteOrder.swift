import MeterwatchCore

/// Byte order of multi-register values, in Telegraf's notation: bytes A B C D as they would be
/// in a big-endian value. `CDAB` is "low word first" (word swap), `BADC` swaps the bytes of each
/// register, `DCBA` is fully little-endian. 64-bit values extend the same idea to four registers.
public enum ByteOrder: String, Sendable, Hashable, CaseIterable, Codable {
    case abcd = "ABCD", cdab = "CDAB", badc = "BADC", dcba = "DCBA"

    /// Registers are in reverse order (least significant word first).
    var wordsReversed: Bool { self == .cdab || self == .dcba }
    /// Bytes inside each register are swapped.
    var bytesSwapped: Bool { self == .badc || self == .dcba }
}
