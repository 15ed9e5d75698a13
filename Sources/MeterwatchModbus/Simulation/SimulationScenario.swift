import Foundation
import MeterwatchCore
import MeterwatchDevices

/// What a simulated device does besides behaving normally.
public enum SimulationScenario: String, Sendable, CaseIterable {
    case normal
    /// Water: night flow never drops to zero (a leaking cistern).
    case leak
    /// Water: flow jumps by ~25 m³/h one minute after start (a burst pipe).
    case burst
    /// UPS: mains lost; on battery, charge draining.
    case onBattery = "on-battery"
    /// Stops answering (requests time out).
    case dead
    /// Answers every request with exception 04 (server device failure).
    case garbage
    /// Closes the connection when asked (TCP); silent on RTU.
    case drop
    /// Answers, but its share and ratio registers (battery charge, state of charge, power factor)
    /// hold values no real device reports (a failing board, a wrong register map).
    case implausible
}
