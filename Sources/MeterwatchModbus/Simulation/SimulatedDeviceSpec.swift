import CModbus
import Foundation
import MeterwatchConfig
import MeterwatchDevices
import Synchronization

/// What to simulate at one unit id.
public struct SimulatedDeviceSpec: Sendable {
    public var unit: Int
    public var profile: DeviceProfile
    public var scenario: SimulationScenario
    /// Where the values come from (default: `DevicePhysics`).
    public var behaviour: (any DeviceBehaviour)?
    public init(unit: Int, profile: DeviceProfile, scenario: SimulationScenario = .normal, behaviour: (any DeviceBehaviour)? = nil) {
        self.unit = unit
        self.profile = profile
        self.scenario = scenario
        self.behaviour = behaviour
    }
}
