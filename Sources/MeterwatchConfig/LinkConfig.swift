import MeterwatchCore

/// A configured link (`links:` in the site config).
public struct LinkConfig: Sendable, Hashable {
    public var id: String
    public var endpoint: LinkEndpoint
    /// Silence kept between two transactions on this link (RS-485 needs ≥ 3.5 characters; buses
    /// with slow devices need tens of milliseconds).
    public var silentGapMs: Int
    public init(id: String, endpoint: LinkEndpoint, silentGapMs: Int) {
        self.id = id
        self.endpoint = endpoint
        self.silentGapMs = silentGapMs
    }
}

extension SiteConfig {
    static func parseLinks(_ r: YAMLReader) throws(ConfigError) -> [LinkConfig] {
        var out: [LinkConfig] = []
        for item in try r.sequence() {
            let m = try item.mapping(allowed: ["id", "tcp", "rtu", "baud", "parity", "data_bits", "stop_bits", "silent_gap"])
            guard let idNode = m["id"] else { throw item.error("missing id") }
            let id = try idNode.nonEmptyString()
            if out.contains(where: { $0.id == id }) { throw idNode.error("duplicate link id '\(id)'") }
            let endpoint: LinkEndpoint
            switch (m["tcp"], m["rtu"]) {
            case (let t?, nil):
                guard let e = LinkEndpoint.parseTCP(try t.string()) else { throw t.error("expected HOST:PORT, e.g. 192.168.1.20:502") }
                for k in ["baud", "parity", "data_bits", "stop_bits"] where m[k] != nil { throw m[k]!.error("\(k) is for rtu links") }
                endpoint = e
            case (nil, let d?):
                let dev = try d.nonEmptyString()
                let baud = try m["baud"]?.int() ?? 9600
                guard LinkEndpoint.baudRates.contains(baud) else {
                    throw m["baud"]!.error(
                        "unsupported baud rate \(baud) (expected one of "
                            + "\(LinkEndpoint.baudRates.sorted().map(String.init).joined(separator: ", ")))"
                    )
                }
                let parityText = try m["parity"]?.string().uppercased() ?? "N"
                guard ["N", "E", "O"].contains(parityText) else { throw m["parity"]!.error("expected N, E or O") }
                let dataBits = try m["data_bits"]?.int() ?? 8
                guard (7...8).contains(dataBits) else { throw m["data_bits"]!.error("expected 7 or 8") }
                let stop = try m["stop_bits"]?.int() ?? 1
                guard stop == 1 || stop == 2 else { throw m["stop_bits"]!.error("expected 1 or 2") }
                endpoint = .rtu(device: dev, baud: baud, parity: Character(parityText), dataBits: dataBits, stopBits: stop)
            default:
                throw item.error("give exactly one of tcp: HOST:PORT or rtu: DEVICE")
            }
            var gap = endpoint.isSerial ? 20 : 0
            if let g = m["silent_gap"] { gap = Int(try g.durationMs()) }
            out.append(LinkConfig(id: id, endpoint: endpoint, silentGapMs: gap))
        }
        return out
    }

    /// Unit ids a read can go to: 1–247 (Modbus application protocol 1.1b3, §4.1); on TCP also
    /// 255, which devices answering for themselves (no gateway) use. 0 is broadcast: no answer.
    public static func isReadableUnit(_ unit: Int, on endpoint: LinkEndpoint) -> Bool {
        (1...247).contains(unit) || (unit == 255 && !endpoint.isSerial)
    }

    static func parseDevice(_ r: YAMLReader, links: [LinkConfig]) throws(ConfigError) -> DeviceBinding {
        let m = try r.mapping(allowed: ["profile", "link", "unit", "poll", "timeout"])
        guard let p = m["profile"] else { throw r.error("missing profile (a profile id from Devices/ or a file path)") }
        guard let l = m["link"] else { throw r.error("missing link (an id from links:)") }
        let linkID = try l.nonEmptyString()
        guard links.contains(where: { $0.id == linkID }) else {
            throw l.error("link '\(linkID)' is not defined under links: (known: \(links.map(\.id).joined(separator: ", ")))")
        }
        let unit = try m["unit"]?.int() ?? 1
        let link = links.first { $0.id == linkID }!
        guard Self.isReadableUnit(unit, on: link.endpoint) else {
            throw m["unit"]!.error(
                link.endpoint.isSerial
                    ? "unit id must be 1…247 on a serial bus (0 is broadcast, which never answers; 248–255 are reserved)"
                    : "unit id must be 1…247, or 255 for a device behind no gateway (0 is broadcast; 248–254 are reserved)")
        }
        var fast: Int64 = 5_000
        var slow: Int64 = 60_000
        if let poll = m["poll"] {
            let pm = try poll.mapping(allowed: ["fast", "slow"])
            if let f = pm["fast"] {
                fast = try f.durationMs()
                guard fast >= 100 else { throw f.error("at least 100ms") }
            }
            if let s = pm["slow"] {
                slow = try s.durationMs()
                guard slow >= 100 else { throw s.error("at least 100ms") }
            }
        }
        var timeout: Int?
        if let t = m["timeout"] {
            timeout = Int(try t.durationMs())
            guard (50...30_000).contains(timeout!) else { throw t.error("must be 50ms…30s") }
        }
        return DeviceBinding(
            profile: try p.nonEmptyString(), link: linkID, unit: unit,
            fastPollMs: fast, slowPollMs: slow, timeoutMs: timeout)
    }
}
