import MeterwatchConfig
import MeterwatchCore
import MeterwatchDevices
import MeterwatchStore

/// A device as the collector polls it.
public struct CollectorDevice: Sendable {
    public var meter: MeterConfig
    public var binding: DeviceBinding
    public var profile: DeviceProfile
    public init(meter: MeterConfig, binding: DeviceBinding, profile: DeviceProfile) {
        self.meter = meter
        self.binding = binding
        self.profile = profile
    }

    /// "ups-b1 (apc-smart-ups unit 12 on bus)": how logs name the device.
    var label: String { "\(meter.id) (\(profile.id) unit \(binding.unit) on \(binding.link))" }

    /// How often each series of this device is polled: its points' poll class (a counter every
    /// `slow`, power every `fast`); identity points (`once`) are not series.
    public var pollIntervals: [SeriesKey: Int64] {
        var out: [SeriesKey: Int64] = [:]
        for p in profile.points {
            guard let q = p.quantity else { continue }
            let interval: Int64
            switch p.poll {
            case .fast: interval = binding.fastPollMs
            case .slow: interval = binding.slowPollMs
            case .once: continue
            }
            let key = SeriesKey(meter: meter.id, quantity: q)
            out[key] = min(out[key] ?? interval, interval)
        }
        return out
    }

    /// The poll intervals of every series of `devices`.
    public static func pollIntervals(_ devices: [CollectorDevice]) -> [SeriesKey: Int64] {
        devices.reduce(into: [:]) { all, d in all.merge(d.pollIntervals) { min($0, $1) } }
    }
}
