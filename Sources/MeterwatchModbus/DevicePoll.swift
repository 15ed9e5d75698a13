import MeterwatchCore
import MeterwatchDevices

/// The outcome of polling one device once.
public struct DevicePoll: Sendable {
    public var readings: [PointReading]
    public var requests: Int
    /// Requests that failed (and were answered by smaller reads, or left points missing).
    public var errors: [ModbusError]
    /// Set when the device could not be polled at all (timeout, link down): back off.
    public var failure: ModbusError?
    /// Spans learned from exception 02/03 during this poll (for the log).
    public var learned: [String]

    /// Canonical values by quantity, with UPS status bitfields OR-combined.
    public var valuesByQuantity: [Quantity: Double] {
        var out: [Quantity: Double] = [:]
        for r in readings {
            guard let q = r.quantity, let v = r.value else { continue }
            if q == Quantity("ups_status"), let prev = out[q] {
                // Two status words OR-combine; a value that is no bit mask is left to plausibility checks.
                guard let a = prev.exactUInt32, let b = v.exactUInt32 else {
                    out[q] = .nan
                    continue
                }
                out[q] = Double(a | b)
            } else {
                out[q] = v
            }
        }
        return out
    }
}
