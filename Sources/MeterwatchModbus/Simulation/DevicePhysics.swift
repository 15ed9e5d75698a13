import Foundation
import MeterwatchCore
import MeterwatchDevices

/// Plausible, self-consistent values for one simulated device: energy totals that integrate
/// power along a daily load curve, water flow with a night baseline, a UPS and a storage system
/// that behave like one. Values are in canonical units.
public struct DevicePhysics: DeviceBehaviour {
    public let category: MeterCategory
    public let scenario: SimulationScenario
    /// Peak power (W) or peak flow (m³/h), varied per unit so devices differ.
    public let size: Double
    let startMs: Int64
    /// How long after start the scenario begins (leak, burst, on-battery); burst defaults to a minute.
    public let onsetMs: Int64
    var lastMs: Int64
    var energyImport: Double
    var volume: Double
    var soc: Double
    var charged: Double
    var discharged: Double
    var upsCharge: Double
    /// Site-local hour offset for the load curve (Taiwan, UTC+8).
    let utcOffsetMs: Int64 = 8 * 3_600_000

    /// `initial` overrides the starting counters (`energy_import`, `volume`, `storage_energy_*`),
    /// so a restarted simulator continues where stored readings left off instead of going back.
    public init(
        category: MeterCategory, scenario: SimulationScenario, unit: Int, nowMs: Int64, onsetMs: Int64? = nil,
        initial: [Quantity: Double] = [:]
    ) {
        self.category = category
        self.scenario = scenario
        self.startMs = nowMs
        self.onsetMs = onsetMs ?? (scenario == .burst ? 60_000 : 0)
        self.lastMs = nowMs
        switch category {
        case .water: size = 4 + Double(unit % 5)
        default: size = 40_000 + Double(unit % 10) * 15_000
        }
        energyImport = 100_000 + Double(unit) * 1_234.5
        volume = 5_000 + Double(unit) * 321.25
        soc = 60
        charged = 20_000
        discharged = 18_500
        upsCharge = 100
        if let e = initial["energy_import"] { energyImport = e }
        if let v = initial["volume"] { volume = v }
        if let c = initial["storage_energy_charged"] { charged = c }
        if let d = initial["storage_energy_discharged"] { discharged = d }
    }

    /// Daily load shape 0…1 at local time: night base, working-day plateau, lunch dip, weekends low.
    public static func loadShape(localMs: Int64) -> Double {
        let dayMs = floorMod(localMs, msPerDay)
        let hour = Double(dayMs) / 3_600_000
        let weekday = Int(floorMod(floorDiv(localMs, msPerDay) + 3, 7))  // 0 = Monday (1970-01-01 was a Thursday)
        let working = weekday < 5
        var shape = 0.28
        if working && hour >= 7 && hour < 19 {
            let ramp = min(1, (hour - 7) / 1.5) * min(1, (19 - hour) / 1.5)
            shape += 0.72 * ramp
            if hour >= 12 && hour < 13 { shape -= 0.12 }
        } else if !working && hour >= 9 && hour < 17 {
            shape += 0.1
        }
        return shape + 0.02 * sin(Double(localMs) / 97_000)
    }

    /// Water use shape: zero at night (unless leaking), peaks in office hours.
    public static func waterShape(localMs: Int64) -> Double {
        let hour = Double(floorMod(localMs, msPerDay)) / 3_600_000
        guard hour >= 6.5 && hour < 20 else { return 0 }
        return 0.35 + 0.65 * max(0, sin((hour - 6.5) / 13.5 * .pi))
    }

    /// Every quantity an electricity meter reports for a total active power and import counter:
    /// per-phase split, voltages, currents, power factor 0.93, 60 Hz.
    public static func electricalValues(powerW p: Double, energyKWh: Double, nowMs: Int64) -> [Quantity: Double] {
        var v: [Quantity: Double] = [:]
        let pf = 0.93
        let split = [0.35, 0.33, 0.32]
        v["power_active"] = p
        v["power_apparent"] = p / pf
        v["power_reactive"] = p * tan(acos(pf))
        v["power_factor"] = pf
        v["frequency"] = 60 + 0.02 * sin(Double(nowMs) / 13_000)
        v["energy_import"] = energyKWh
        v["energy_export"] = 0
        for (i, s) in split.enumerated() {
            let volts = 220 + 1.5 * sin(Double(nowMs) / 7_000 + Double(i))
            v[Quantity("voltage_l\(i + 1)")] = volts
            v[Quantity("power_active_l\(i + 1)")] = p * s
            v[Quantity("current_l\(i + 1)")] = p * s / (volts * pf)
            v[Quantity("energy_import_l\(i + 1)")] = energyKWh * s
            v[Quantity("energy_export_l\(i + 1)")] = 0
        }
        return v
    }

    /// Advances the state to `nowMs` and returns every quantity's value.
    public mutating func values(nowMs: Int64) -> [Quantity: Double] {
        let dtH = Double(max(0, nowMs - lastMs)) / 3_600_000
        lastMs = max(lastMs, nowMs)
        let local = nowMs + utcOffsetMs
        var v: [Quantity: Double] = [:]
        switch category {
        case .electricity, .fuel:
            let p = size * Self.loadShape(localMs: local)
            energyImport += p * dtH / 1000
            v = Self.electricalValues(powerW: p, energyKWh: energyImport, nowMs: nowMs)
        case .water:
            var flow = size * Self.waterShape(localMs: local)
            let active = nowMs - startMs >= onsetMs
            if scenario == .leak && active { flow += 0.45 }
            if scenario == .burst && active { flow += 25 }
            volume += flow * dtH
            v["flow_rate"] = flow
            v["volume"] = volume
            v["volume_reverse"] = 0
        case .ups:
            let onBattery = scenario == .onBattery && nowMs - startMs >= onsetMs
            if onBattery { upsCharge = max(5, upsCharge - dtH * 60 * 0.8) } else { upsCharge = min(100, upsCharge + dtH * 60 * 0.2) }
            var flags: UPSFlags = onBattery ? [.onBattery, .discharging] : [.online]
            if !onBattery && upsCharge < 100 { flags.insert(.charging) }
            if upsCharge < 25 { flags.insert(.lowBattery) }
            v["ups_status"] = Double(flags.rawValue)
            v["battery_charge"] = upsCharge
            v["battery_runtime"] = upsCharge / 100 * 2_400
            v["ups_load"] = 38 + 4 * Self.loadShape(localMs: local)
            v["input_voltage"] = onBattery ? 0 : 220 + sin(Double(nowMs) / 9_000)
            v["output_voltage"] = 220
            v["battery_voltage"] = onBattery ? 25.1 : 27.3
            v["battery_temperature"] = 26.5
            v["power_active"] = 2_600 * (0.38 + 0.04 * Self.loadShape(localMs: local))
            v["energy_import"] = energyImport
            energyImport += 1_000 * dtH / 1000
        case .storage:
            let hour = Double(floorMod(local, msPerDay)) / 3_600_000
            var p = 0.0  // + = discharging
            if hour < 6 && soc < 95 { p = -0.5 * size }  // charge at night (off-peak tariff)
            if hour >= 13 && hour < 17 && soc > 15 { p = size }  // shave the afternoon peak
            let capacityKWh = 500.0
            let eKWh = p * dtH / 1000
            if eKWh > 0 { discharged += eKWh } else { charged -= eKWh }
            soc = min(100, max(0, soc - eKWh / capacityKWh * 100))
            v["storage_power"] = p
            v["storage_soc"] = soc
            v["storage_energy_charged"] = charged
            v["storage_energy_discharged"] = discharged
            v["power_active"] = p
            v["battery_voltage"] = 700 + soc
        case .temperature:
            let hour = Double(floorMod(local, msPerDay)) / 3_600_000
            v["temperature"] = 27 + 4 * sin((hour - 9) / 24 * 2 * .pi)
        }
        return v
    }
}
