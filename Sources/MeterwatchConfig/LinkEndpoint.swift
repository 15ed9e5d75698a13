import MeterwatchCore

/// Where a link's devices are: a TCP endpoint (often a gateway fronting many unit ids) or an
/// RTU serial line.
public enum LinkEndpoint: Sendable, Hashable, CustomStringConvertible {
    case tcp(host: String, port: Int)
    case rtu(device: String, baud: Int, parity: Character, dataBits: Int, stopBits: Int)

    public var description: String {
        switch self {
        case .tcp(let h, let p): "tcp://\(h):\(p)"
        case .rtu(let d, let b, let p, let db, let s): "rtu://\(d)?\(b)-\(db)\(p)\(s)"
        }
    }

    public var isSerial: Bool { if case .rtu = self { true } else { false } }

    /// `HOST:PORT` as the CLI takes it.
    public static func parseTCP(_ text: String) -> LinkEndpoint? {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (1...65535).contains(port) else {
            return nil
        }
        let host = String(text[..<colon])
        guard !host.isEmpty else { return nil }
        return .tcp(host: host, port: port)
    }

    public static let baudRates: Set<Int> = [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200]
}
