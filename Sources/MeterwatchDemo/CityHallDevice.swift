import Foundation
import MeterwatchCore
import MeterwatchModbus

/// A demo meter served live by the simulator: values from the city hall model, counters
/// continuing from the last stored reading.
public struct CityHallDevice: DeviceBehaviour {
    let model: CityHall
    let meter: DemoMeter
    var counter: Double
    var lastMs: Int64
    let periodMs: Int64
    let rate: @Sendable (Int64) -> Double
    /// Leak (zone meter) or burst (main water) start.
    let leakFrom: Int64?
    let burstFrom: Int64?
    /// The UPS has no model of its own: the generic physics, with its counter continued.
    var ups: DevicePhysics?

    /// `counterAt` is the last stored (time, value) of the meter's counter.
    public init(
        model: CityHall, meter: DemoMeter, counterAt: (ms: Int64, value: Double)?, scenario: SimulationScenario,
        onsetMs: Int64, nowMs: Int64
    ) {
        self.model = model
        self.meter = meter
        counter = counterAt?.value ?? meter.counter?.initial ?? 0
        lastMs = counterAt?.ms ?? nowMs
        leakFrom = scenario == .leak && meter.source == .zoneWater ? nowMs + onsetMs : nil
        burstFrom = scenario == .burst && meter.source == .mainWater ? nowMs + onsetMs : nil
        let r = CityHallBackfill.rate(model, meter, leakFrom: leakFrom)
        periodMs = r.periodMs
        let base = r.rate
        let burst = burstFrom
        rate = { t in base(t) + (burst.map { t >= $0 ? 25 : 0 } ?? 0) }
        if meter.source == .ups {
            ups = DevicePhysics(
                category: .ups, scenario: scenario == .onBattery ? .onBattery : .normal, unit: meter.unit, nowMs: nowMs,
                onsetMs: onsetMs, initial: counterAt.map { ["energy_import": $0.value] } ?? [:])
        }
    }

    public mutating func values(nowMs: Int64) -> [Quantity: Double] {
        if ups != nil { return ups!.values(nowMs: nowMs) }
        if nowMs > lastMs {
            counter += CityHall.integrate(from: lastMs, to: nowMs, periodMs: periodMs, rate: rate)
            lastMs = nowMs
        }
        // A little flicker on instantaneous values (not integrated: the slot's mean is exact).
        let flicker = 1 + 0.006 * sin(Double(nowMs) / 3_100) + 0.004 * sin(Double(nowMs) / 1_700)
        switch meter.source {
        case .main, .circuit, .annex:
            return DevicePhysics.electricalValues(powerW: rate(nowMs) * 1000 * flicker, energyKWh: counter, nowMs: nowMs)
        case .mainWater, .zoneWater:
            let flow = rate(nowMs)
            return ["flow_rate": meter.source == .mainWater ? flow * flicker : flow, "volume": counter, "volume_reverse": 0]
        case .storage:
            let p = model.powerKW(.storage, at: nowMs) * 1000
            let soc = model.storageSoC(at: nowMs)
            return [
                "storage_power": p, "power_active": p, "storage_soc": soc, "storage_energy_discharged": counter,
                "battery_voltage": 700 + soc, "frequency": 60,
            ]
        case .ups:
            return [:]
        }
    }
}
