import MeterwatchCore
import MeterwatchDevices

/// Reads one device (profile + unit id) over a client: discovers SunSpec models, plans merged
/// reads, falls back to smaller reads on exception 02/03 and remembers where, decodes.
/// Owned by the link's thread, like the client.
public final class DeviceSession {
    public let profile: DeviceProfile
    public let unit: Int
    public private(set) var learned = LearnedLimits()
    /// Absolute addresses per point index; nil until SunSpec discovery ran (or for absent models).
    private var placed: [Int: PlacedPoint]?
    private var absentModels: Set<Int> = []
    private var plans: [Set<PollClass>: [ReadRequest]] = [:]
    public private(set) var sunspecBase: Int?
    /// False reads every point alone (the one-request-per-point baseline of the benchmark).
    public var mergeReads = true

    public init(profile: DeviceProfile, unit: Int) {
        self.profile = profile
        self.unit = unit
        if profile.sunspec == nil {
            var p: [Int: PlacedPoint] = [:]
            for (i, pt) in profile.points.enumerated() {
                p[i] = PlacedPoint(index: i, table: pt.table, address: pt.address, count: pt.registerCount)
            }
            placed = p
        }
    }

    /// The read plan for a set of poll classes (scale factors of included points are added).
    public func plan(classes: Set<PollClass>) -> [ReadRequest] {
        if let p = plans[classes] { return p }
        guard let placed else { return [] }
        let indices = pointIndices(classes: classes)
        if !mergeReads { return RequestPlanner.onePerPoint(indices.compactMap { placed[$0] }) }
        let p = RequestPlanner.plan(
            indices.compactMap { placed[$0] }, maxRegisters: profile.maxRegistersPerRead,
            maxGap: profile.maxGap, holes: profile.holes, learned: learned)
        plans[classes] = p
        return p
    }

    func pointIndices(classes: Set<PollClass>) -> [Int] {
        var wanted = Set(profile.points.indices.filter { classes.contains(profile.points[$0].poll) })
        for i in wanted {
            if let ref = profile.points[i].scaleRef, let j = profile.points.firstIndex(where: { $0.id == ref }) { wanted.insert(j) }
        }
        return wanted.sorted()
    }

    /// Finds the `SunS` marker and the model chain. Throws when the device does not answer.
    func discover(_ client: ModbusClient) throws(ModbusError) -> Int {
        guard let layout = profile.sunspec else { return 0 }
        var requests = 0
        for base in layout.bases {
            let marker: [UInt16]
            do {
                requests += 1
                marker = try client.read(unit: unit, table: .holding, start: base, count: 2)
            } catch let e where e.isAddressProblem {
                continue
            }
            guard marker == [0x5375, 0x6E53] else { continue }
            var models: [Int: Int] = [:]
            var addr = base + 2
            for _ in 0..<64 {
                guard addr + 2 <= 0x10000 else { break }
                requests += 1
                let head = try client.read(unit: unit, table: .holding, start: addr, count: 2)
                if head[0] == 0xFFFF || head[0] == 0 { break }
                if models[Int(head[0])] == nil { models[Int(head[0])] = addr }
                addr += Int(head[1]) + 2
            }
            var p: [Int: PlacedPoint] = [:]
            absentModels = []
            for (i, pt) in profile.points.enumerated() {
                guard let m = pt.model else {
                    p[i] = PlacedPoint(index: i, table: pt.table, address: pt.address, count: pt.registerCount)
                    continue
                }
                guard let start = models[m] else {
                    absentModels.insert(m)
                    continue
                }
                p[i] = PlacedPoint(index: i, table: pt.table, address: start + pt.address, count: pt.registerCount)
            }
            placed = p
            sunspecBase = base
            plans = [:]
            return requests
        }
        throw .badResponse("no SunSpec marker 'SunS' at \(layout.bases.map(String.init).joined(separator: ", "))")
    }

    /// Polls the points of `classes` once.
    public func poll(_ client: ModbusClient, classes: Set<PollClass> = Set(PollClass.allCases)) -> DevicePoll {
        var result = DevicePoll(readings: [], requests: 0, errors: [], failure: nil, learned: [])
        if placed == nil {
            do { result.requests += try discover(client) } catch {
                result.failure = error
                return result
            }
        }
        var words: [Int: ArraySlice<UInt16>] = [:]
        var failedPoints: [Int: ModbusError] = [:]
        var queue = plan(classes: classes)
        while !queue.isEmpty {
            let req = queue.removeFirst()
            do {
                result.requests += 1
                let regs = try client.read(unit: unit, table: req.table, start: req.start, count: req.count)
                for i in req.points {
                    guard let p = placed?[i] else { continue }
                    words[i] = regs[(p.address - req.start)..<(p.address - req.start + p.count)]
                }
            } catch let e where e.isAddressProblem {
                result.errors.append(e)
                if req.points.count == 1 {
                    failedPoints[req.points[0]] = e
                    continue
                }
                // Learn: first forbid gaps in this span; if a gapless read fails too, read singly.
                let span = RegisterHole(table: req.table, first: req.start, last: req.end - 1)
                let hasGap = req.count > req.points.compactMap { placed?[$0]?.count }.reduce(0, +)
                if hasGap && !learned.noGap.contains(span) {
                    learned.noGap.append(span)
                    result.learned.append("\(req): merged reads fail with \(e); reading gapless runs")
                } else {
                    learned.single.append(span)
                    result.learned.append("\(req): merged reads fail with \(e); reading points singly")
                }
                plans = [:]
                let sub = RequestPlanner.plan(
                    req.points.compactMap { placed?[$0] }, maxRegisters: profile.maxRegistersPerRead,
                    maxGap: profile.maxGap, holes: profile.holes, learned: learned)
                queue.insert(contentsOf: sub, at: 0)
            } catch {
                result.errors.append(error)
                result.failure = error
                // A late or corrupt answer may leave stale bytes: flush; after a corrupt one also
                // reconnect, which resets TCP transaction ids and the tty.
                if error.desynchronizesLink { client.flush() }
                if case .badResponse = error { client.close() }
                break
            }
        }
        if result.failure != nil { return result }
        result.readings = decode(words: words, failed: failedPoints, classes: classes)
        return result
    }

    func decode(words: [Int: ArraySlice<UInt16>], failed: [Int: ModbusError], classes: Set<PollClass>) -> [PointReading] {
        var out: [PointReading] = []
        var raws: [Int: Result<RawValue, MissingReason>] = [:]
        let indices = pointIndices(classes: classes)
        for i in indices {
            let pt = profile.points[i]
            if let w = words[i] { raws[i] = RegisterCodec.decodeRaw(pt, words: w, sentinels: profile.sentinels) }
        }
        for i in indices {
            let pt = profile.points[i]
            let unit = pt.quantity?.canonical?.unit ?? pt.unit
            func missing(_ why: String) -> PointReading {
                PointReading(id: pt.id, quantity: pt.quantity, value: nil, text: nil, unit: unit, reason: why)
            }
            guard classes.contains(pt.poll) else { continue }
            if let m = pt.model, absentModels.contains(m) {
                out.append(missing(MissingReason.modelAbsent(m).description))
                continue
            }
            if let e = failed[i] {
                out.append(missing("\(e)"))
                continue
            }
            guard let raw = raws[i] else {
                out.append(missing("not read"))
                continue
            }
            switch raw {
            case .failure(let why): out.append(missing(why.description))
            case .success(.text(let t)):
                out.append(PointReading(id: pt.id, quantity: pt.quantity, value: nil, text: t, unit: unit, reason: nil))
            case .success(let r):
                var sf: Int?
                if let ref = pt.scaleRef, let j = profile.points.firstIndex(where: { $0.id == ref }) {
                    guard case .success(let s)? = raws[j], case .signed(let v) = s else {
                        out.append(missing(MissingReason.scaleFactorMissing(ref).description))
                        continue
                    }
                    guard (-10...10).contains(v) else {
                        out.append(missing(MissingReason.scaleFactorOutOfRange(Int(v)).description))
                        continue
                    }
                    sf = Int(v)
                }
                var text: String?
                if case .unsigned(let code) = r, !pt.labels.isEmpty {
                    text = Int(exactly: code).flatMap { pt.labels[$0] } ?? "code \(code)"
                }
                if pt.quantity == Quantity("ups_status"), let v = RegisterCodec.value(pt, raw: r) {
                    text = UPSFlags(storedValue: v)?.description ?? "not a status mask (\(v))"
                }
                out.append(
                    PointReading(
                        id: pt.id, quantity: pt.quantity, value: RegisterCodec.value(pt, raw: r, scaleFactor: sf),
                        text: text, unit: unit, reason: nil))
            }
        }
        return out
    }
}
