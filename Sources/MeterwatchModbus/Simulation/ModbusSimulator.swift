import CModbus
import Foundation
import MeterwatchConfig
import MeterwatchDevices
import Synchronization

/// Serves simulated devices on one link with libmodbus's server API: a TCP endpoint acting as a
/// gateway for several unit ids (many clients at once), or an RTU line (a pseudo-terminal) with
/// several units on one bus. Runs on the calling thread until `stop()`.
public final class ModbusSimulator: Sendable {
    public let endpoint: LinkEndpoint
    private let stopFlag = Atomic<Bool>(false)
    /// Requests answered so far (for tests and the log).
    private let answered = Atomic<Int>(0)
    /// Told of every answered read (unit id, function code): the soak counts polls with it.
    private let observer: (@Sendable (_ unit: Int, _ function: UInt8) -> Void)?

    public init(endpoint: LinkEndpoint, observer: (@Sendable (_ unit: Int, _ function: UInt8) -> Void)? = nil) {
        self.endpoint = endpoint
        self.observer = observer
    }

    public func stop() { stopFlag.store(true, ordering: .relaxed) }
    public var requestsAnswered: Int { answered.load(ordering: .relaxed) }

    public struct StartError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Serves `devices` until `stop()`. `ready` is called once the endpoint accepts requests.
    public func run(devices: [SimulatedDevice], ready: () -> Void = {}) throws {
        var byUnit: [Int: SimulatedDevice] = [:]
        for d in devices { byUnit[d.unit] = d }
        switch endpoint {
        case .tcp(let host, let port): try serveTCP(host: host, port: port, devices: byUnit, ready: ready)
        case .rtu: try serveRTU(devices: byUnit, ready: ready)
        }
    }

    // MARK: TCP: a gateway with many unit ids, several clients, poll() over the sockets

    private func serveTCP(host: String, port: Int, devices: [Int: SimulatedDevice], ready: () -> Void) throws {
        guard let ctx = modbus_new_tcp_pi(host, String(port)) else {
            throw StartError(description: "cannot create a TCP context for \(host):\(port)")
        }
        defer { modbus_free(ctx) }
        let listener = modbus_tcp_pi_listen(ctx, 64)
        guard listener >= 0 else {
            throw StartError(description: "cannot listen on \(host):\(port): \(String(cString: strerror(cm_errno())))")
        }
        defer { Glibc.close(listener) }
        ready()
        var clients: [Int32] = []
        var req = [UInt8](repeating: 0, count: Int(MODBUS_TCP_MAX_ADU_LENGTH))
        while !stopFlag.load(ordering: .relaxed) {
            var fds =
                [pollfd(fd: listener, events: Int16(POLLIN), revents: 0)]
                + clients.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            let n = Glibc.poll(&fds, nfds_t(fds.count), 200)
            guard n > 0 else { continue }
            if fds[0].revents & Int16(POLLIN) != 0 {
                let c = Glibc.accept(listener, nil, nil)
                if c >= 0 { clients.append(c) }
            }
            var closed: Set<Int32> = []
            for f in fds.dropFirst() where f.revents != 0 {
                modbus_set_socket(ctx, f.fd)
                let rc = req.withUnsafeMutableBufferPointer { modbus_receive(ctx, $0.baseAddress) }
                if rc > 0 {
                    if !answer(ctx, Array(req[0..<Int(rc)]), devices: devices, headerLength: 7) { closed.insert(f.fd) }
                } else if rc < 0 {
                    closed.insert(f.fd)
                }
            }
            for c in closed { Glibc.close(c) }
            clients.removeAll { closed.contains($0) }
        }
        for c in clients { Glibc.close(c) }
    }

    // MARK: RTU: several units on one serial line

    private func serveRTU(devices: [Int: SimulatedDevice], ready: () -> Void) throws {
        guard case .rtu(let dev, let baud, let parity, let dataBits, let stopBits) = endpoint else { return }
        func newContext() -> OpaquePointer? {
            modbus_new_rtu(dev, Int32(baud), CChar(parity.asciiValue ?? 78), Int32(dataBits), Int32(stopBits))
        }
        guard let owner = newContext() else { throw StartError(description: "cannot create an RTU context for \(dev)") }
        defer { modbus_free(owner) }
        guard modbus_connect(owner) == 0 else {
            throw StartError(description: "cannot open \(dev): \(String(cString: strerror(cm_errno())))")
        }
        defer { modbus_close(owner) }
        let fd = modbus_get_socket(owner)
        let firstUnit = devices.keys.min() ?? 1
        // libmodbus filters RTU requests by its own slave id and then expects the foreign
        // slave's answer; a fresh listening context per foreign request keeps it from swallowing
        // our next request. Requests for other units are answered here after a CRC check.
        var listener = newContext()
        modbus_set_socket(listener, fd)
        modbus_set_slave(listener, Int32(firstUnit))
        ready()
        var req = [UInt8](repeating: 0, count: Int(MODBUS_TCP_MAX_ADU_LENGTH))
        while !stopFlag.load(ordering: .relaxed) {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard Glibc.poll(&pfd, 1, 200) > 0 else { continue }
            let rc = req.withUnsafeMutableBufferPointer { modbus_receive(listener, $0.baseAddress) }
            if rc > 0 {
                _ = answer(listener, Array(req[0..<Int(rc)]), devices: devices, headerLength: 1)
            } else if rc == 0 {
                let frame = Array(req[0..<8])
                if frame[1] >= 1 && frame[1] <= 4, Self.crc16(frame[0..<6]) == UInt16(frame[6]) | UInt16(frame[7]) << 8 {
                    _ = answer(listener, frame, devices: devices, headerLength: 1)
                }
                modbus_free(listener)
                listener = newContext()
                modbus_set_socket(listener, fd)
                modbus_set_slave(listener, Int32(firstUnit))
            } else {
                _ = modbus_flush(listener)
            }
        }
        modbus_free(listener)
    }

    /// Answers one request. Returns false when the connection should be dropped.
    private func answer(_ ctx: OpaquePointer?, _ req: [UInt8], devices: [Int: SimulatedDevice], headerLength: Int) -> Bool {
        let unit = Int(req[headerLength - 1])
        let function = req[headerLength]
        guard let device = devices[unit] else {
            // A TCP gateway reports an absent unit with exception 0B; on RS-485 nobody answers.
            if headerLength == 7 { _ = req.withUnsafeBufferPointer { modbus_reply_exception(ctx, $0.baseAddress, 0x0B) } }
            return true
        }
        switch device.scenario {
        case .dead: return true
        case .drop: return false
        case .garbage:
            _ = req.withUnsafeBufferPointer { modbus_reply_exception(ctx, $0.baseAddress, 0x04) }
            answered.add(1, ordering: .relaxed)
            return true
        default: break
        }
        if (1...4).contains(function), req.count >= headerLength + 5 {
            let start = Int(req[headerLength + 1]) << 8 | Int(req[headerLength + 2])
            let count = Int(req[headerLength + 3]) << 8 | Int(req[headerLength + 4])
            let table: RegisterTable = [.coil, .discrete, .holding, .input][Int(function) - 1]
            if device.touchesHole(table: table, start: start, count: count) {
                _ = req.withUnsafeBufferPointer { modbus_reply_exception(ctx, $0.baseAddress, 0x02) }
                answered.add(1, ordering: .relaxed)
                return true
            }
            device.refresh(nowMs: Int64(Date().timeIntervalSince1970 * 1000))
        } else {
            // The simulated devices are read-only, like the collector.
            _ = req.withUnsafeBufferPointer { modbus_reply_exception(ctx, $0.baseAddress, 0x01) }
            return true
        }
        _ = req.withUnsafeBufferPointer { modbus_reply(ctx, $0.baseAddress, Int32(req.count), device.mapping) }
        answered.add(1, ordering: .relaxed)
        observer?(unit, function)
        return true
    }

    /// Modbus RTU CRC-16 (polynomial 0xA001, initial 0xFFFF), low byte first on the wire.
    static func crc16(_ bytes: ArraySlice<UInt8>) -> UInt16 {
        var crc: UInt16 = 0xFFFF
        for b in bytes {
            crc ^= UInt16(b)
            for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xA001 : crc >> 1 }
        }
        return crc
    }
}

extension ModbusSimulator {
    /// Starts serving on a dedicated thread and returns once the endpoint accepts requests.
    /// Call `stop()` to end it (the thread leaves within 200 ms).
    public func start(_ specs: [SimulatedDeviceSpec]) throws {
        let ready = DispatchSemaphore(value: 0)
        let failure = Mutex<String?>(nil)
        let t = Thread { [self] in
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            let devices = specs.map {
                SimulatedDevice(unit: $0.unit, profile: $0.profile, scenario: $0.scenario, nowMs: now, behaviour: $0.behaviour)
            }
            do { try self.run(devices: devices) { ready.signal() } } catch {
                failure.withLock { $0 = "\(error)" }
                ready.signal()
            }
        }
        t.name = "simulator \(endpoint)"
        t.start()
        ready.wait()
        if let f = failure.withLock({ $0 }) { throw StartError(description: f) }
    }
}
