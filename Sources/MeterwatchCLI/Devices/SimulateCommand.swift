import ArgumentParser
import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchDevices
import MeterwatchModbus

struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Serve simulated devices from their profiles over Modbus TCP or RTU.",
        discussion: """
            Each --device is UNIT=PROFILE[:SCENARIO]. Scenarios: \(SimulationScenario.allCases.map(\.rawValue).joined(separator: ", ")).
            Values are plausible and self-consistent: energy totals integrate power along a daily load curve,
            water flow has a night baseline, the UPS and the storage system behave like one.
            Example: meterwatch simulate --tcp 127.0.0.1:1502 --device 1=eastron-sdm630 --device 2=siemens-sitrans-mag:leak
            """)

    @OptionGroup var link: LinkOptions
    @Option(name: .customLong("device"), help: "UNIT=PROFILE[:SCENARIO], repeatable.")
    var devices: [String]
    @Option(help: "Seconds after start when scenarios begin (default: burst 60, others at once).")
    var onset: Double?

    func run() throws {
        let endpoint = try link.endpoint()
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        var simulated: [SimulatedDevice] = []
        for spec in devices {
            guard let eq = spec.firstIndex(of: "="), let unit = Int(spec[..<eq]), (1...247).contains(unit) else {
                throw ValidationError("--device expects UNIT=PROFILE[:SCENARIO] with a unit id 1…247, got '\(spec)'")
            }
            var rest = String(spec[spec.index(after: eq)...])
            var scenario = SimulationScenario.normal
            if let colon = rest.lastIndex(of: ":"), let s = SimulationScenario(rawValue: String(rest[rest.index(after: colon)...])) {
                scenario = s
                rest = String(rest[..<colon])
            } else if let colon = rest.lastIndex(of: ":"), !rest[rest.index(after: colon)...].contains("/") {
                throw ValidationError(
                    "unknown scenario '\(rest[rest.index(after: colon)...])' (expected "
                        + "\(SimulationScenario.allCases.map(\.rawValue).joined(separator: ", ")))"
                )
            }
            guard !simulated.contains(where: { $0.unit == unit }) else { throw ValidationError("unit \(unit) is given twice") }
            simulated.append(
                SimulatedDevice(
                    unit: unit, profile: try ProfileLocator.load(rest), scenario: scenario, nowMs: now,
                    onsetMs: onset.map { Int64($0 * 1000) }))
        }
        guard !simulated.isEmpty else { throw ValidationError("give at least one --device") }
        let simulator = ModbusSimulator(endpoint: endpoint)
        let signals = SignalWatcher(signals: [SIGINT, SIGTERM]) { simulator.stop() }
        defer { withExtendedLifetime(signals) {} }
        try simulator.run(devices: simulated) {
            let list = simulated.map { "\($0.unit)=\($0.profile.id)\($0.scenario == .normal ? "" : ":\($0.scenario.rawValue)")" }
            print("simulating \(simulated.count) device(s) on \(endpoint): \(list.joined(separator: ", "))")
            fflush(nil)
        }
        print("simulator stopped after \(simulator.requestsAnswered) answers")
    }
}
