import Foundation
import MeterwatchConfig
import MeterwatchCore
import Testing

@testable import MeterwatchDevices
@testable import MeterwatchModbus

func values(_ poll: DevicePoll) -> [String: PointReading] { Dictionary(poll.readings.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }) }

@Suite(.serialized) struct SimulatorReadTests {
    static let units: [(Int, String)] = [
        (1, "eastron-sdm630"), (2, "eastron-sdm120"), (3, "schneider-iem3x55"), (4, "carlo-gavazzi-em24"),
        (5, "siemens-sitrans-mag"), (6, "xylem-magflux"), (7, "apc-smart-ups"), (126, "sunspec"),
    ]

    @Test func everyShippedProfileReadsBackFromTheSimulator() throws {
        let specs = try Self.units.map { SimulatedDeviceSpec(unit: $0.0, profile: try shippedProfile($0.1)) }
        let sim = try RunningSimulator(specs)
        let client = try ModbusClient(endpoint: sim.endpoint)
        for spec in specs {
            let session = DeviceSession(profile: spec.profile, unit: spec.unit)
            let poll = session.poll(client)
            #expect(poll.failure == nil, "\(spec.profile.id): \(String(describing: poll.failure))")
            #expect(poll.errors.isEmpty, "\(spec.profile.id): \(poll.errors)")
            #expect(poll.readings.count == spec.profile.points.count, "\(spec.profile.id)")
            for r in poll.readings where r.quantity != nil {
                #expect(r.value != nil, "\(spec.profile.id).\(r.id): \(r.reason ?? "")")
                #expect(r.unit == r.quantity?.canonical?.unit)
            }
            // Identity strings come back exactly.
            for p in spec.profile.points where p.type == .string {
                if case .text(let t)? = p.example { #expect(values(poll)[p.id]?.text == t) }
            }
            // Requests match the pinned plan (plus SunSpec discovery).
            let planned = session.plan(classes: Set(PollClass.allCases)).count
            #expect(poll.requests == planned + (spec.profile.sunspec == nil ? 0 : 7), "\(spec.profile.id)")
        }
        // Self-consistent physics: total power is the sum of the phases; energy grows with power.
        let sdm = values(DeviceSession(profile: specs[0].profile, unit: 1).poll(client))
        let phases = ["power_l1", "power_l2", "power_l3"].compactMap { sdm[$0]?.value }.reduce(0, +)
        let total = try #require(sdm["power_total"]?.value)
        #expect(abs(phases - total) / total < 1e-4)
        #expect(abs((sdm["pf_total"]?.value ?? 0) - 0.93) < 1e-6)
        let e1 = try #require(sdm["import_total"]?.value)
        Thread.sleep(forTimeInterval: 1.2)
        let e2 = try #require(values(DeviceSession(profile: specs[0].profile, unit: 1).poll(client))["import_total"]?.value)
        #expect(e2 > e1)
        // UPS online, SunSpec state of charge and scale factors.
        let ups = values(DeviceSession(profile: specs[6].profile, unit: 7).poll(client))
        #expect(ups["status"]?.text == "OL")
        #expect(abs((ups["charge"]?.value ?? 0) - 100) < 0.01)
        let ess = values(DeviceSession(profile: specs[7].profile, unit: 126).poll(client))
        #expect(ess["manufacturer"]?.text == "Meterwatch")
        #expect(ess["charge_status"]?.text == "HOLDING")
        let soc = try #require(ess["state_of_charge"]?.value)
        #expect(soc >= 0 && soc <= 100)
    }

    @Test func sunspecDiscoverySkipsBasesThatAnswerExceptions() throws {
        let sim = try RunningSimulator([SimulatedDeviceSpec(unit: 126, profile: try shippedProfile("sunspec"))])
        let client = try ModbusClient(endpoint: sim.endpoint)
        let session = DeviceSession(profile: try shippedProfile("sunspec"), unit: 126)
        #expect(session.poll(client).failure == nil)
        #expect(session.sunspecBase == 40000)
        // A device without the marker is reported as such.
        let sim2 = try RunningSimulator([SimulatedDeviceSpec(unit: 1, profile: try shippedProfile("siemens-sitrans-mag"))])
        let poll = DeviceSession(profile: try shippedProfile("sunspec"), unit: 1).poll(try ModbusClient(endpoint: sim2.endpoint))
        #expect("\(poll.failure.map { "\($0)" } ?? "")".contains("no SunSpec marker"))
    }

    /// The simulated device has a hole the reader's profile does not declare: the merged read gets
    /// exception 02, the session splits it, still reads every point, and remembers the span.
    @Test func undeclaredHoleFallsBackToSmallerReadsAndRemembers() throws {
        let points = """
            points:
              - { id: a, quantity: voltage_l1, address: 0, type: float32, unit: V, example: 1 }
              - { id: b, quantity: voltage_l2, address: 2, type: float32, unit: V }
              - { id: c, quantity: voltage_l3, address: 6, type: float32, unit: V }
              - { id: d, quantity: frequency, address: 8, type: float32, unit: Hz }
            """
        let head = "id: t\ncategory: electricity\nsources: [test]\n"
        let device = try DeviceProfile.parse(
            yaml: head + "protocol: { table: input, holes: [{ from: 4, to: 5 }] }\n" + points, file: "device.yaml")
        let reader = try DeviceProfile.parse(yaml: head + "protocol: { table: input }\n" + points, file: "reader.yaml")
        let sim = try RunningSimulator([SimulatedDeviceSpec(unit: 1, profile: device)])
        let client = try ModbusClient(endpoint: sim.endpoint)
        let session = DeviceSession(profile: reader, unit: 1)
        #expect(session.plan(classes: [.fast]).map(\.description) == ["fc04 0+10"])
        let first = session.poll(client, classes: [.fast])
        #expect(first.failure == nil)
        #expect(first.errors == [.exception(code: 2)])
        #expect(first.requests == 3)
        #expect(first.readings.allSatisfy { $0.value != nil })
        #expect(!first.learned.isEmpty)
        // Next time the plan avoids the hole from the start.
        #expect(session.plan(classes: [.fast]).map(\.description) == ["fc04 0+4", "fc04 6+4"])
        let second = session.poll(client, classes: [.fast])
        #expect(second.requests == 2 && second.errors.isEmpty)
        // A point that the device refuses on its own is missing with the reason, not zero.
        let lonely = try DeviceProfile.parse(
            yaml: head + "protocol: { table: input }\npoints:\n  - { id: x, quantity: voltage_l1, address: 4, type: float32, unit: V }\n",
            file: "x.yaml")
        let poll = DeviceSession(profile: lonely, unit: 1).poll(client)
        #expect(poll.readings.first?.value == nil)
        #expect(poll.readings.first?.reason?.contains("illegal data address") == true)
    }

    @Test func scenariosFailTheWayRealDevicesDo() throws {
        let sdm = try shippedProfile("eastron-sdm630")
        let sim = try RunningSimulator([
            SimulatedDeviceSpec(unit: 1, profile: sdm), SimulatedDeviceSpec(unit: 2, profile: sdm, scenario: .dead),
            SimulatedDeviceSpec(unit: 3, profile: sdm, scenario: .garbage), SimulatedDeviceSpec(unit: 4, profile: sdm, scenario: .drop),
        ])
        let client = try ModbusClient(endpoint: sim.endpoint)
        client.setTimeout(ms: 300)
        #expect(DeviceSession(profile: sdm, unit: 2).poll(client).failure == .timeout)
        // After a timeout the link still works for the next device (flushed).
        #expect(DeviceSession(profile: sdm, unit: 1).poll(client).failure == nil)
        #expect(DeviceSession(profile: sdm, unit: 3).poll(client).failure == .exception(code: 4))
        if case .connection? = DeviceSession(profile: sdm, unit: 4).poll(client).failure {
        } else {
            Issue.record("drop should break the connection")
        }
        // Reconnects transparently.
        #expect(DeviceSession(profile: sdm, unit: 1).poll(client).failure == nil)
        // An absent unit behind the gateway: exception 0B.
        #expect(DeviceSession(profile: sdm, unit: 99).poll(client).failure == .exception(code: 11))
        // Nobody listening: a connection error, not a hang.
        let nobody = try ModbusClient(endpoint: .tcp(host: "127.0.0.1", port: freeLoopbackPort()))
        if case .connection? = DeviceSession(profile: sdm, unit: 1).poll(nobody).failure {
        } else {
            Issue.record("expected a connection error")
        }
    }

    @Test func rtuBusOverAPseudoTerminalPair() throws {
        let dir = try temporaryDirectory()
        let pty = try PtyPair(in: dir)
        let bus = LinkEndpoint.rtu(device: pty.a, baud: 9600, parity: "N", dataBits: 8, stopBits: 1)
        let sim = try RunningSimulator(
            [
                SimulatedDeviceSpec(unit: 1, profile: try shippedProfile("eastron-sdm630")),
                SimulatedDeviceSpec(unit: 2, profile: try shippedProfile("siemens-sitrans-mag")),
                SimulatedDeviceSpec(unit: 5, profile: try shippedProfile("carlo-gavazzi-em24")),
            ], endpoint: bus)
        let client = try ModbusClient(endpoint: .rtu(device: pty.b, baud: 9600, parity: "N", dataBits: 8, stopBits: 1))
        client.setTimeout(ms: 500)
        client.silentGapMs = 5
        for _ in 0..<2 {
            for (unit, id) in [(1, "eastron-sdm630"), (2, "siemens-sitrans-mag"), (5, "carlo-gavazzi-em24")] {
                let poll = DeviceSession(profile: try shippedProfile(id), unit: unit).poll(client)
                #expect(poll.failure == nil, "unit \(unit): \(String(describing: poll.failure))")
                #expect(poll.readings.filter { $0.quantity != nil }.allSatisfy { $0.value != nil })
            }
        }
        // A unit nobody answers on the bus times out; the others are still served afterwards.
        #expect(DeviceSession(profile: try shippedProfile("eastron-sdm630"), unit: 9).poll(client).failure == .timeout)
        #expect(DeviceSession(profile: try shippedProfile("eastron-sdm630"), unit: 1).poll(client).failure == nil)
        withExtendedLifetime(sim) {}
    }
}

/// The same reads against pymodbus, a real third-party peer (installed by `make peers`).
@Suite(.serialized) struct ModbusPeerTests {
    static let sdm630: [String: Double] = [
        "voltage_l1": 230.1, "voltage_l2": 231.2, "voltage_l3": 229.9, "current_l1": 5.5, "current_l2": 6.25, "current_l3": 4.0,
        "power_l1": 1265.5, "power_l2": 1445.0, "power_l3": 919.6, "power_total": 3630.1, "apparent_total": 3900.0,
        "reactive_total": 1400.0, "pf_total": 0.93, "frequency": 60.01, "import_total": 12345.6, "export_total": 78.9,
        "import_l1": 4100.5, "import_l2": 4200.25, "import_l3": 4044.85, "export_l1": 26.3, "export_l2": 26.3, "export_l3": 26.3,
    ]

    func check(_ client: ModbusClient) throws {
        let sdm = DeviceSession(profile: try shippedProfile("eastron-sdm630"), unit: 1).poll(client)
        #expect(sdm.failure == nil, "\(String(describing: sdm.failure))")
        #expect(sdm.requests == 3)
        for (id, want) in Self.sdm630 {
            // Values are float32 on the wire: compare with the float32 of the served number.
            #expect(values(sdm)[id]?.value == Double(Float(want)), "\(id)")
        }
        let mag = DeviceSession(profile: try shippedProfile("siemens-sitrans-mag"), unit: 1).poll(client)
        #expect(mag.failure == nil)
        #expect(values(mag)["totalizer_1"]?.value == 98765.4321)  // float64, exact
        #expect(values(mag)["volume_flow"]?.value == Double(Float(0.0123)) * 3600)  // m³/s → m³/h
    }

    @Test func pymodbusOverTCP() throws {
        let port = freeLoopbackPort()
        let peer = try ChildProcess(try peerPython(), ["\(repoRoot)/Tests/Peers/pymodbus_peer.py", "tcp", "127.0.0.1", String(port)])
        try peer.waitFor("ready")
        try check(try ModbusClient(endpoint: .tcp(host: "127.0.0.1", port: port)))
    }

    @Test func pymodbusOverRTU() throws {
        let pty = try PtyPair(in: try temporaryDirectory())
        let peer = try ChildProcess(try peerPython(), ["\(repoRoot)/Tests/Peers/pymodbus_peer.py", "rtu", pty.a, "9600"])
        try peer.waitFor("ready")
        let client = try ModbusClient(endpoint: .rtu(device: pty.b, baud: 9600, parity: "N", dataBits: 8, stopBits: 1))
        client.setTimeout(ms: 1000)
        client.silentGapMs = 10
        try check(client)
    }
}

@Suite struct ReadOnlyTests {
    /// Read-only by construction: no code that polls devices can send a write.
    @Test func clientSideCodeCallsNoWriteFunction() throws {
        let forbidden = ["modbus_write", "modbus_mask_write", "modbus_send_raw_request", "modbus_write_and_read"]
        for dir in ["Sources/MeterwatchModbus", "Sources/MeterwatchCollector", "Sources/MeterwatchCLI"] {
            let files = try FileManager.default.subpathsOfDirectory(atPath: "\(repoRoot)/\(dir)").filter { $0.hasSuffix(".swift") }
            #expect(!files.isEmpty)
            for f in files {
                let text = try String(contentsOfFile: "\(repoRoot)/\(dir)/\(f)", encoding: .utf8)
                for name in forbidden { #expect(!text.contains(name), "\(dir)/\(f) mentions \(name)") }
            }
        }
        #expect(RegisterTable.allCases.map(\.functionCode) == [1, 2, 3, 4])
    }
}
