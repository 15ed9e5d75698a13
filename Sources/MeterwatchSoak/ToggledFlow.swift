import MeterwatchCore
import MeterwatchModbus

/// A water meter whose flow bursts (+28 m³/h) every other minute of the wall clock, so that a
/// `high_flow` rule fires and resolves all through the soak.
struct ToggledFlow: DeviceBehaviour {
    var physics: DevicePhysics

    init(nowMs: Int64) {
        physics = DevicePhysics(category: .water, scenario: .normal, unit: 2, nowMs: nowMs)
    }

    mutating func values(nowMs: Int64) -> [Quantity: Double] {
        var v = physics.values(nowMs: nowMs)
        if (nowMs / 60_000) % 2 == 1 { v[.flowRate] = (v[.flowRate] ?? 0) + 28 }
        return v
    }
}
