import CModbus
import Foundation
import MeterwatchCore
import MeterwatchDevices

/// A device served by the simulator: its profile's register image, refreshed from its physics
/// before every answer. Owned by the simulator's thread.
public final class SimulatedDevice {
    public let unit: Int
    public let profile: DeviceProfile
    public let scenario: SimulationScenario
    var behaviour: any DeviceBehaviour
    let mapping: UnsafeMutablePointer<modbus_mapping_t>
    /// Absolute address of each point (SunSpec points after layout).
    var addresses: [Int]

    /// `behaviour` supplies the values (default: `DevicePhysics` for the profile's category).
    public init(
        unit: Int, profile: DeviceProfile, scenario: SimulationScenario, nowMs: Int64, onsetMs: Int64? = nil,
        behaviour: (any DeviceBehaviour)? = nil
    ) {
        self.unit = unit
        self.profile = profile
        self.scenario = scenario
        self.behaviour =
            behaviour ?? DevicePhysics(category: profile.category, scenario: scenario, unit: unit, nowMs: nowMs, onsetMs: onsetMs)
        var addresses = profile.points.map(\.address)
        var fixed: [(RegisterTable, Int, [UInt16])] = []
        if let layout = profile.sunspec {
            // Lay the models out after the marker at the first base other than 0 (as real devices
            // do at 40000), so discovery has to skip a base that answers exception 02.
            let base = layout.bases.first { $0 != 0 } ?? layout.bases[0]
            fixed.append((.holding, base, [0x5375, 0x6E53]))
            var addr = base + 2
            var starts: [Int: Int] = [:]
            for m in layout.models {
                starts[m.id] = addr
                fixed.append((.holding, addr, [UInt16(m.id), UInt16(m.length)]))
                addr += m.length + 2
            }
            fixed.append((.holding, addr, [0xFFFF, 0]))
            for (i, p) in profile.points.enumerated() { if let m = p.model, let s = starts[m] { addresses[i] = s + p.address } }
        }
        // One contiguous block per table, from the lowest to the highest address used.
        func range(_ t: RegisterTable) -> (Int, Int) {
            var lo = Int.max
            var hi = -1
            for (i, p) in profile.points.enumerated() where p.table == t {
                lo = min(lo, addresses[i])
                hi = max(hi, addresses[i] + p.registerCount)
            }
            for (ft, a, w) in fixed where ft == t {
                lo = min(lo, a)
                hi = max(hi, a + w.count)
            }
            return hi < 0 ? (0, 0) : (lo, hi - lo)
        }
        self.addresses = addresses
        let c = range(.coil)
        let d = range(.discrete)
        let h = range(.holding)
        let r = range(.input)
        mapping = modbus_mapping_new_start_address(
            UInt32(c.0), UInt32(c.1), UInt32(d.0), UInt32(d.1),
            UInt32(h.0), UInt32(h.1), UInt32(r.0), UInt32(r.1))!
        for (t, a, w) in fixed { write(t, a, w) }
        refresh(nowMs: nowMs)
    }

    deinit { modbus_mapping_free(mapping) }

    func write(_ table: RegisterTable, _ address: Int, _ words: [UInt16]) {
        let m = mapping.pointee
        for (k, w) in words.enumerated() {
            let a = address + k
            switch table {
            case .holding: m.tab_registers[a - Int(m.start_registers)] = w
            case .input: m.tab_input_registers[a - Int(m.start_input_registers)] = w
            case .coil: m.tab_bits[a - Int(m.start_bits)] = w == 0 ? 0 : 1
            case .discrete: m.tab_input_bits[a - Int(m.start_input_bits)] = w == 0 ? 0 : 1
            }
        }
    }

    /// Writes the current values of every point into the register image.
    public func refresh(nowMs: Int64) {
        let values = behaviour.values(nowMs: nowMs)
        for (i, p) in profile.points.enumerated() {
            var sf: Int?
            if let ref = p.scaleRef, let sfPoint = profile.point(ref), case .number(let n)? = sfPoint.example { sf = Int(n) }
            let words: [UInt16]
            if scenario == .implausible, let q = p.quantity, Self.garbledQuantities.contains(q) {
                words = Self.garbage(p)
            } else if let q = p.quantity, let v = values[q] {
                words = RegisterCodec.encode(p, value: v, scaleFactor: sf)
            } else if let ex = p.example {
                switch ex {
                case .number(let n): words = RegisterCodec.encode(Self.rawPoint(p), value: n, scaleFactor: sf)
                case .text(let t): words = RegisterCodec.encode(p, text: t)
                }
            } else {
                continue
            }
            write(p.table, addresses[i], words)
        }
    }

    /// What the `implausible` scenario corrupts.
    static let garbledQuantities: Set<Quantity> = ["battery_charge", "storage_soc", "power_factor"]

    /// An implausible answer: every bit set for integers, 1e9 for floats.
    static func garbage(_ p: PointDefinition) -> [UInt16] {
        switch p.type {
        case .float32, .float64: RegisterCodec.encode(rawPoint(p), value: 1e9)
        default: [UInt16](repeating: 0xFFFF, count: p.registerCount)
        }
    }

    /// The point without unit conversion (examples are given as the device reports them).
    static func rawPoint(_ p: PointDefinition) -> PointDefinition {
        var q = p
        q.quantity = nil
        return q
    }

    /// Whether a read touches a declared hole (the device answers exception 02 there).
    func touchesHole(table: RegisterTable, start: Int, count: Int) -> Bool {
        profile.holes.contains { $0.table == table && $0.overlaps(start, start + count) }
    }
}
