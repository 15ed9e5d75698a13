import Foundation
import MeterwatchConfig
import MeterwatchCore

extension DeviceProfile {
    /// Loads one profile file. Errors name file, line, column and key.
    public static func load(path: String) throws(ConfigError) -> DeviceProfile {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ConfigError(file: path, line: nil, column: nil, key: "", message: "cannot read: \(error.localizedDescription)")
        }
        return try parse(yaml: text, file: path)
    }

    public static func parse(yaml: String, file: String) throws(ConfigError) -> DeviceProfile {
        let root = try YAMLReader.document(yaml: yaml, file: file)
        let top = try root.mapping(allowed: ["schema", "id", "vendor", "model", "category", "sources", "protocol", "sunspec", "points"])
        if let s = top["schema"] {
            guard try s.int() == 1 else { throw s.error("unsupported schema version (this Meterwatch reads schema 1)") }
        }
        guard let idNode = top["id"] else { throw root.error("missing id") }
        let id = try idNode.nonEmptyString()
        guard let catNode = top["category"] else { throw root.error("missing category") }
        let catText = try catNode.string()
        guard let category = MeterCategory(rawValue: catText) else {
            throw catNode.error(
                "unknown category '\(catText)' (expected one of \(MeterCategory.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        guard let sourcesNode = top["sources"] else { throw root.error("missing sources (cite the manual or source of the register map)") }
        let sources = try sourcesNode.stringList()
        guard !sources.isEmpty else { throw sourcesNode.error("cite at least one source") }

        var byteOrder = ByteOrder.abcd
        var addressBase = 0
        var maxRegs = 125
        var maxGap = 8
        var holes: [RegisterHole] = []
        var timeout = 1000
        var defaultUnit = 1
        var sentinels = SentinelStyle.none
        var defaultTable = RegisterTable.holding
        if let p = top["protocol"] {
            let m = try p.mapping(allowed: [
                "byte_order", "address_base", "max_registers_per_read", "max_gap", "holes",
                "response_timeout_ms", "unit_id_default", "sentinels", "table",
            ])
            if let v = m["byte_order"] { byteOrder = try parseByteOrder(v) }
            if let v = m["address_base"] {
                addressBase = try v.int()
                guard addressBase == 0 || addressBase == 1 else { throw v.error("must be 0 (PDU addresses) or 1 (manual numbering)") }
            }
            if let v = m["max_registers_per_read"] {
                maxRegs = try v.int()
                guard (1...125).contains(maxRegs) else { throw v.error("must be 1…125 (the Modbus limit)") }
            }
            if let v = m["max_gap"] {
                maxGap = try v.int()
                guard (0...124).contains(maxGap) else { throw v.error("must be 0…124") }
            }
            if let v = m["response_timeout_ms"] {
                timeout = try v.int()
                guard (50...30_000).contains(timeout) else { throw v.error("must be 50…30000 ms") }
            }
            if let v = m["unit_id_default"] {
                defaultUnit = try v.int()
                guard (0...255).contains(defaultUnit) else { throw v.error("must be 0…255") }
            }
            if let v = m["sentinels"] {
                let t = try v.string()
                guard let s = SentinelStyle(rawValue: t) else { throw v.error("expected none or sunspec") }
                sentinels = s
            }
            if let v = m["table"] { defaultTable = try parseTable(v) }
            if let hs = m["holes"] {
                for h in try hs.sequence() {
                    let hm = try h.mapping(allowed: ["table", "from", "to"])
                    guard let f = hm["from"], let t = hm["to"] else { throw h.error("a hole needs from and to (inclusive registers)") }
                    let first = try f.integer() - addressBase
                    let last = try t.integer() - addressBase
                    guard first >= 0, last >= first, last <= 0xFFFF else { throw h.error("expected 0 ≤ from ≤ to ≤ 65535") }
                    holes.append(RegisterHole(table: try hm["table"].map(parseTable) ?? defaultTable, first: first, last: last))
                }
            }
        }

        var sunspec: SunSpecLayout?
        if let s = top["sunspec"] {
            let m = try s.mapping(allowed: ["bases", "models"])
            var bases = [0, 40000, 50000]
            if let b = m["bases"] { bases = try b.sequence().map { r throws(ConfigError) in try r.integer() } }
            var models: [(Int, Int)] = []
            if let ms = m["models"] {
                for r in try ms.sequence() {
                    let mm = try r.mapping(allowed: ["id", "length"])
                    guard let i = mm["id"], let l = mm["length"] else { throw r.error("a model needs id and length (L)") }
                    models.append((try i.int(), try l.int()))
                }
            }
            sunspec = SunSpecLayout(bases: bases, models: models)
        }

        guard let pointsNode = top["points"] else { throw root.error("missing points") }
        var points: [PointDefinition] = []
        var seen: [String: Int] = [:]
        for r in try pointsNode.sequence() {
            let p = try parsePoint(r, defaultOrder: byteOrder, defaultTable: defaultTable, addressBase: addressBase, sunspec: sunspec)
            if let line = seen[p.id] { throw r.error("duplicate point id '\(p.id)' (first at line \(line))") }
            seen[p.id] = r.line ?? 0
            guard p.registerCount <= maxRegs || p.table.isBits else {
                throw r.error("the point spans \(p.registerCount) registers, more than max_registers_per_read (\(maxRegs))")
            }
            if p.model == nil, holes.contains(where: { $0.table == p.table && $0.overlaps(p.address, p.address + p.registerCount) }) {
                throw r.error("the point lies inside a declared hole")
            }
            points.append(p)
        }
        // Cross-point checks: scale references and quantities used twice.
        var byQuantity: [Quantity: String] = [:]
        for (r, p) in zip(try pointsNode.sequence(), points) {
            if let ref = p.scaleRef {
                guard let target = points.first(where: { $0.id == ref }) else {
                    throw r.error("scale_ref '\(ref)' names no point of this profile")
                }
                guard target.type == .sunssf || target.type == .int16 else { throw r.error("scale_ref '\(ref)' must be a sunssf point") }
                guard target.model == p.model else { throw r.error("scale_ref '\(ref)' must be in the same SunSpec model") }
            }
            if let q = p.quantity, p.type != .bitfield16 && p.type != .bitfield32 {
                if let other = byQuantity[q] { throw r.error("quantity \(q) is already given by point '\(other)'") }
                byQuantity[q] = p.id
            }
        }
        return DeviceProfile(
            id: id, vendor: try top["vendor"]?.string() ?? "", model: try top["model"]?.string() ?? "",
            category: category, sources: sources, file: file, byteOrder: byteOrder,
            maxRegistersPerRead: maxRegs, maxGap: maxGap, holes: holes, responseTimeoutMs: timeout,
            defaultUnit: defaultUnit, sentinels: sentinels, sunspec: sunspec, points: points)
    }

    static func parseByteOrder(_ r: YAMLReader) throws(ConfigError) -> ByteOrder {
        let t = try r.string().uppercased()
        guard let o = ByteOrder(rawValue: t) else { throw r.error("unknown byte order '\(t)' (expected ABCD, CDAB, BADC or DCBA)") }
        return o
    }

    static func parseTable(_ r: YAMLReader) throws(ConfigError) -> RegisterTable {
        let t = try r.string()
        guard let v = RegisterTable(rawValue: t) else { throw r.error("unknown table '\(t)' (expected coil, discrete, holding or input)") }
        return v
    }

    static func parsePoint(
        _ r: YAMLReader, defaultOrder: ByteOrder, defaultTable: RegisterTable, addressBase: Int,
        sunspec: SunSpecLayout?
    ) throws(ConfigError) -> PointDefinition {
        let m = try r.mapping(allowed: [
            "id", "quantity", "table", "address", "model", "offset_in_model", "type", "byte_order", "length",
            "unit", "scale", "offset", "scale_ref", "invalid", "flags", "enum", "poll", "example",
        ])
        guard let idNode = m["id"] else { throw r.error("missing id") }
        let id = try idNode.nonEmptyString()
        var quantity: Quantity?
        var canonicalUnit = ""
        if let q = m["quantity"] {
            let name = try q.string()
            guard let c = Quantity(name).canonical else { throw q.error("unknown quantity '\(name)' (see Devices/README.md for the list)") }
            quantity = Quantity(name)
            canonicalUnit = c.unit
        }
        let table = try m["table"].map(parseTable) ?? defaultTable
        guard let typeNode = m["type"] else { throw r.error("missing type") }
        let typeText = try typeNode.string()
        guard let type = ValueType(rawValue: typeText) else {
            throw typeNode.error(
                "unknown type '\(typeText)' (expected one of \(ValueType.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        guard (type == .bool) == table.isBits else {
            throw typeNode.error(table.isBits ? "coils and discrete inputs are type bool" : "bool is for coils and discrete inputs")
        }
        var model: Int?
        let address: Int
        if let mo = m["model"] {
            guard let sunspec else { throw mo.error("model: needs a sunspec: section") }
            let mid = try mo.int()
            guard sunspec.models.contains(where: { $0.id == mid }) else {
                throw mo.error("model \(mid) is not listed under sunspec.models")
            }
            model = mid
            guard let off = m["offset_in_model"] else {
                throw r.error("a SunSpec point needs offset_in_model (from the model's ID register)")
            }
            address = try off.integer()
            guard address >= 2 else { throw off.error("offsets 0 and 1 are the model's ID and length") }
        } else {
            guard let a = m["address"] else { throw r.error("missing address") }
            address = try a.integer() - addressBase
            guard (0...0xFFFF).contains(address) else { throw a.error("address out of range 0…65535 (after address_base)") }
        }
        var length = type.registerCount
        if type == .string {
            guard let l = m["length"] else { throw r.error("a string needs length (registers)") }
            length = try l.int()
            guard (1...125).contains(length) else { throw l.error("must be 1…125 registers") }
        }
        guard address + length <= 0x10000 else { throw r.error("the point runs past register 65535") }
        var unit = canonicalUnit
        if let u = m["unit"] {
            unit = try u.string()
            if quantity != nil, UnitConversion.toCanonical(from: unit, canonical: canonicalUnit) == nil {
                throw u.error(
                    "unit '\(unit)' cannot be converted to \(canonicalUnit.isEmpty ? "a plain number" : canonicalUnit) (the unit of "
                        + "\(quantity!))"
                )
            }
        }
        let scale = try m["scale"]?.double() ?? 1
        guard scale != 0 else { throw m["scale"]!.error("must not be 0") }
        var invalid: [UInt64] = []
        if let inv = m["invalid"] {
            let items = inv.node.sequence != nil ? try inv.sequence() : [inv]
            for i in items {
                let v = try i.integer()
                invalid.append(v < 0 ? UInt64(bitPattern: Int64(v)) & mask(bits: type.registerCount * 16) : UInt64(v))
            }
        }
        var flags: [Int: String] = [:]
        if let f = m["flags"] {
            guard type == .bitfield16 || type == .bitfield32 else { throw f.error("flags are for bitfield16/bitfield32 points") }
            guard let map = f.node.mapping else { throw f.error("expected bit: FLAG pairs") }
            for (k, v) in map {
                let kr = f.child(k.string ?? "?", k)
                let bit = try kr.integer()
                guard (0..<(type == .bitfield16 ? 16 : 32)).contains(bit) else { throw kr.error("bit out of range") }
                let name = try f.child(String(bit), v).string()
                if quantity == Quantity("ups_status") && UPSFlags(name: name) == nil {
                    throw f.child(String(bit), v).error(
                        "unknown UPS flag '\(name)' (expected one of \(UPSFlags.names.map(\.0).joined(separator: ", ")))")
                }
                flags[bit] = name.uppercased()
            }
        }
        var labels: [Int: String] = [:]
        if let e = m["enum"] {
            guard let map = e.node.mapping else { throw e.error("expected code: label pairs") }
            for (k, v) in map {
                labels[try e.child(k.string ?? "?", k).integer()] = try e.child(k.string ?? "?", v).string()
            }
        }
        var poll = PollClass.fast
        if let p = m["poll"] {
            let t = try p.string()
            guard let v = PollClass(rawValue: t) else { throw p.error("expected fast, slow or once") }
            poll = v
        } else if let q = quantity, q.canonical?.kind == .counter {
            poll = .slow
        } else if quantity == nil && type == .string {
            poll = .once
        }
        var example: ExampleValue?
        if let ex = m["example"] {
            if type == .string { example = .text(try ex.string()) } else { example = .number(try ex.double()) }
        }
        return PointDefinition(
            id: id, quantity: quantity, table: table, address: address, model: model, type: type,
            byteOrder: try m["byte_order"].map(parseByteOrder) ?? defaultOrder, length: length,
            unit: unit, scale: scale, offset: try m["offset"]?.double() ?? 0,
            scaleRef: try m["scale_ref"]?.string(), invalid: invalid, flags: flags, labels: labels,
            poll: poll, example: example)
    }

    static func mask(bits: Int) -> UInt64 { bits >= 64 ? .max : (1 << UInt64(bits)) - 1 }
}
