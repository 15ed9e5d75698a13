import MeterwatchCore

/// Which raw values mean "not implemented / not available" besides a point's own `invalid:` list.
public enum SentinelStyle: String, Sendable, Hashable, Codable {
    /// Only NaN floats and the point's `invalid:` values.
    case none
    /// SunSpec's per-type sentinels (int16 0x8000, uint16 0xFFFF, acc 0, …).
    case sunspec
}
