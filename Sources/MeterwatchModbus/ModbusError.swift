import CModbus
import Foundation
import MeterwatchConfig
import MeterwatchDevices

/// A failed Modbus transaction, classified so that health counters and backoff can act on it.
public enum ModbusError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No (complete) answer within the response timeout.
    case timeout
    /// The device answered with an exception code (02 illegal data address, 03 illegal value…).
    case exception(code: Int)
    /// A corrupt, mismatched or unexpected answer (CRC, transaction id, unit id, length).
    case badResponse(String)
    /// The link could not be opened, or it broke (connection refused or reset, tty gone).
    case connection(String)
    /// The request itself was invalid (our bug or a profile error); nothing was sent.
    case invalidRequest(String)

    /// Short key for health counters: `timeout`, `exception`, `bad_response`, `connection`, `invalid`.
    public var kind: String {
        switch self {
        case .timeout: "timeout"
        case .exception: "exception"
        case .badResponse: "bad_response"
        case .connection: "connection"
        case .invalidRequest: "invalid"
        }
    }

    public var description: String {
        switch self {
        case .timeout: "no answer within the response timeout"
        case .exception(let code): "exception \(String(format: "%02d", code)) (\(Self.exceptionName(code)))"
        case .badResponse(let why): "bad response: \(why)"
        case .connection(let why): "link error: \(why)"
        case .invalidRequest(let why): "invalid request: \(why)"
        }
    }

    public static func exceptionName(_ code: Int) -> String {
        switch code {
        case 1: "illegal function"
        case 2: "illegal data address"
        case 3: "illegal data value"
        case 4: "server device failure"
        case 5: "acknowledge"
        case 6: "server device busy"
        case 8: "memory parity error"
        case 10: "gateway path unavailable"
        case 11: "gateway target failed to respond"
        default: "code \(code)"
        }
    }

    /// The read addressed registers the device does not have: split and retry smaller.
    public var isAddressProblem: Bool {
        if case .exception(let c) = self { return c == 2 || c == 3 }
        return false
    }

    /// Errors after which the next answer on the link may be a stale one: flush or reconnect.
    public var desynchronizesLink: Bool {
        switch self {
        case .timeout, .badResponse: true
        default: false
        }
    }
}
