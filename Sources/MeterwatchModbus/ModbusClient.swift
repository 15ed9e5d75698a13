import CModbus
import Foundation
import MeterwatchConfig
import MeterwatchDevices

/// One libmodbus context on one link. **Read-only by construction**: the only requests it can
/// send are function codes 1–4. Not thread-safe (libmodbus contexts aren't): one owner thread.
public final class ModbusClient {
    public let endpoint: LinkEndpoint
    private var ctx: OpaquePointer?
    public private(set) var isConnected = false
    private var timeoutMs = 1000
    /// Silence kept between the end of one transaction and the next request (RS-485 buses).
    public var silentGapMs = 0
    private var lastTransactionEnd: UInt64 = 0

    public init(endpoint: LinkEndpoint) throws(ModbusError) {
        self.endpoint = endpoint
        switch endpoint {
        case .tcp(let host, let port):
            ctx = modbus_new_tcp_pi(host, String(port))
        case .rtu(let device, let baud, let parity, let dataBits, let stopBits):
            ctx = modbus_new_rtu(device, Int32(baud), CChar(parity.asciiValue ?? 78), Int32(dataBits), Int32(stopBits))
        }
        guard ctx != nil else { throw .invalidRequest("cannot create a Modbus context for \(endpoint): \(Self.lastError())") }
        // Recovery is ours (flush, reconnect, backoff): libmodbus's LINK mode would retry forever.
        guard modbus_set_error_recovery(ctx, modbus_error_recovery_mode(rawValue: 0)) == 0 else {
            throw .invalidRequest("cannot turn libmodbus' own error recovery off: \(Self.lastError())")
        }
        guard applyTimeouts() else { throw .invalidRequest("libmodbus refused the timeouts: \(Self.lastError())") }
    }

    deinit {
        if let ctx {
            if isConnected { modbus_close(ctx) }
            modbus_free(ctx)
        }
    }

    /// Response timeout (time to the first byte); the byte timeout is a fraction of it. Profiles and
    /// the configuration keep it within 50 ms…30 s, which libmodbus accepts.
    public func setTimeout(ms: Int) {
        guard ms != timeoutMs || !isConnected else { return }
        timeoutMs = min(max(ms, 1), 60_000)
        _ = applyTimeouts()
    }

    /// Sets the response and byte timeouts; false when libmodbus refuses them (it keeps the old ones).
    private func applyTimeouts() -> Bool {
        let byteMs = max(50, min(500, timeoutMs / 2))
        return modbus_set_response_timeout(ctx, UInt32(timeoutMs / 1000), UInt32((timeoutMs % 1000) * 1000)) == 0
            && modbus_set_byte_timeout(ctx, 0, UInt32(byteMs * 1000)) == 0
    }

    public func connect() throws(ModbusError) {
        if isConnected { return }
        guard modbus_connect(ctx) == 0 else {
            // 3.1.6 sets no meaningful errno for a TCP connect timeout (EINPROGRESS): any failure is "unreachable".
            throw .connection("cannot connect to \(endpoint): \(Self.lastError())")
        }
        isConnected = true
        if endpoint.isSerial, modbus_rtu_set_serial_mode(ctx, Int32(MODBUS_RTU_RS485)) != 0 {
            // Only UARTs with kernel RS-485 support accept this; USB adapters (which switch direction
            // themselves) and ptys answer ENOTTY, and the line works as it is.
            let e = cm_errno()
            guard e == ENOTTY || e == EINVAL || e == EBADF else {
                close()
                throw .connection("cannot set RS-485 mode on \(endpoint): \(String(cString: strerror(e)))")
            }
        }
    }

    public func close() {
        if isConnected { modbus_close(ctx) }
        isConnected = false
    }

    /// Discards whatever the link still holds (a late answer after a timeout would otherwise
    /// be taken as the answer to the next request).
    public func flush() {
        // A flush that fails means the link is broken: reconnect on the next request.
        if isConnected, modbus_flush(ctx) == -1 { close() }
    }

    /// Reads `count` registers (or bits, as 0/1) from `table` of unit `unit`.
    public func read(unit: Int, table: RegisterTable, start: Int, count: Int) throws(ModbusError) -> [UInt16] {
        guard count >= 1, count <= table.protocolLimit, start >= 0, start + count <= 0x10000 else {
            throw .invalidRequest("\(count) \(table.isBits ? "bits" : "registers") at \(start)")
        }
        try connect()
        if silentGapMs > 0 {
            let due = lastTransactionEnd + UInt64(silentGapMs) * 1_000_000
            let now = DispatchTime.now().uptimeNanoseconds
            if due > now { usleep(useconds_t((due - now) / 1000)) }
        }
        defer { lastTransactionEnd = DispatchTime.now().uptimeNanoseconds }
        // libmodbus refuses unit ids it cannot address (above 247 on RTU); the read would otherwise
        // go to the previous unit and store its values under this meter.
        guard modbus_set_slave(ctx, Int32(clamping: unit)) == 0 else {
            throw .invalidRequest("unit id \(unit) cannot be addressed on \(endpoint): \(Self.lastError())")
        }
        let a = Int32(start)
        let n = Int32(count)
        let rc: Int32
        var words = [UInt16](repeating: 0, count: count)
        switch table {
        case .holding: rc = words.withUnsafeMutableBufferPointer { modbus_read_registers(ctx, a, n, $0.baseAddress) }
        case .input: rc = words.withUnsafeMutableBufferPointer { modbus_read_input_registers(ctx, a, n, $0.baseAddress) }
        case .coil, .discrete:
            var bits = [UInt8](repeating: 0, count: count)
            rc = bits.withUnsafeMutableBufferPointer {
                table == .coil ? modbus_read_bits(ctx, a, n, $0.baseAddress) : modbus_read_input_bits(ctx, a, n, $0.baseAddress)
            }
            if rc >= 0 { words = bits.map { $0 == 0 ? 0 : 1 } }
        }
        if rc == -1 { throw classify(cm_errno()) }
        guard Int(rc) == count else { throw .badResponse("\(rc) of \(count) values") }
        return words
    }

    private func classify(_ e: Int32) -> ModbusError {
        let base = CM_ENOBASE
        if e > base, e <= base + 11 { return .exception(code: Int(e - base)) }
        switch e {
        case CM_EMBBADCRC: return .badResponse("CRC error")
        case CM_EMBBADDATA: return .badResponse("mismatched answer (late reply or wrong transaction)")
        case CM_EMBBADEXC: return .badResponse("invalid exception code")
        case CM_EMBUNKEXC: return .badResponse("unknown exception code")
        case CM_EMBBADSLAVE: return .badResponse("answer from another unit")
        case CM_EMBMDATA: return .invalidRequest("too many values requested")
        case ETIMEDOUT: return .timeout
        case ECONNRESET, EPIPE, EBADF, ECONNREFUSED, ENOTCONN, EIO, ENXIO:
            close()
            return .connection(String(cString: strerror(e)))
        default:
            close()
            return .connection("errno \(e): \(String(cString: strerror(e)))")
        }
    }

    static func lastError() -> String { String(cString: modbus_strerror(cm_errno())) }
}
