import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore

/// A forwarded batch as the central reads it for one building: series specs (with the central's
/// counter rules) and their readings, every one checked against the central's plausibility limits.
/// The HTTP route and the in-process target (`CentralStoreForwardTarget`) read batches this one way.
public struct ReceivedBatch: Sendable {
    public var samples: [SeriesSpec: [Sample]] = [:]
    public var intervals: [SeriesSpec: [IntervalTotal]] = [:]
    /// Deletions made at the edge, to apply before the readings: a series and `[from, to)`.
    public var deletions: [(key: SeriesKey, fromMs: Int64, toMs: Int64)] = []
    /// The building's alerts, each on one of its meters, and the edge store they come from.
    public var alerts: [ForwardAlert] = []
    public var edge = ""
    /// Fuel log rows (only from the building keeping the fleet).
    public var refuels: [Refuel] = []
    /// Device health documents, each of one of its meters.
    public var devices: [ForwardDevice] = []
    /// The edge's audit entries, each checked (times, bounded text).
    public var audit: [AuditEvent] = []

    /// Every series must be a meter of `building` (or the weather, or the fleet's cars at the
    /// building keeping the fleet).
    public init(_ batch: ForwardBatch, for building: Building, config: SiteConfig, calendar: LocalCalendar, nowMs: Int64)
        throws(ForwardRefusal)
    {
        let limits = config.plausibility.limits(calendar)
        func refuse(_ pointer: String, _ message: String, _ kind: ForwardRefusal.Kind = .invalid) -> ForwardRefusal {
            ForwardRefusal(kind: kind, pointer: pointer, message: message)
        }
        /// A series' meter: one of the building's, the weather, or a car of the fleet it keeps.
        func checkSeriesMeter(_ id: String, at: String) throws(ForwardRefusal) -> CounterRules {
            if let meter = config.meter(id: id) {
                guard meter.site == building.id else {
                    throw refuse("\(at)/meter", "meter '\(id)' is in site '\(meter.site)', not '\(building.id)'", .forbidden)
                }
                return meter.counterRules
            } else if id.hasPrefix("vehicle:") {
                guard building.hasFleet else {
                    throw refuse("\(at)/meter", "the fleet's fuel log is not kept by '\(building.id)'", .forbidden)
                }
            } else if !id.hasPrefix("weather:") {
                throw refuse("\(at)/meter", "unknown meter '\(id)' at the central (add it to its meters, in site \(building.id))")
            }
            return CounterRules()
        }
        /// A meter with a device or alerts: one of the building's, configured at the central.
        func checkMeter(_ id: String, at: String) throws(ForwardRefusal) {
            guard let meter = config.meter(id: id) else {
                throw refuse("\(at)/meter", "unknown meter '\(id)' at the central (add it to its meters, in site \(building.id))")
            }
            guard meter.site == building.id else {
                throw refuse("\(at)/meter", "meter '\(meter.id)' is in site '\(meter.site)', not '\(building.id)'", .forbidden)
            }
        }
        for (i, d) in (batch.deletions ?? []).enumerated() {
            let at = "/deletions/\(i)"
            _ = try checkSeriesMeter(d.meter, at: at)
            guard d.fromMs < d.toMs else { throw refuse("\(at)/toMs", "the deletion's end must be after its start") }
            // Only what an entrance could have stored can have been deleted.
            if let bad = limits.check(ms: d.fromMs, nowMs: nowMs) { throw refuse("\(at)/fromMs", bad.message(calendar)) }
            if let bad = limits.check(ms: d.toMs - 1, nowMs: nowMs) { throw refuse("\(at)/toMs", bad.message(calendar)) }
            deletions.append((SeriesKey(meter: d.meter, quantity: Quantity(d.quantity)), d.fromMs, d.toMs))
        }
        for (i, s) in batch.series.enumerated() {
            let at = "/series/\(i)"
            let rules = try checkSeriesMeter(s.meter, at: at)
            guard let kind = SeriesKind(rawValue: s.kind) else { throw refuse("\(at)/kind", "unknown kind '\(s.kind)'") }
            let quantity = Quantity(s.quantity)
            if let canonical = quantity.canonical, canonical.unit != s.unit {
                throw refuse("\(at)/unit", "\(s.quantity) is stored in \(canonical.unit), not '\(s.unit)'")
            }
            let spec = SeriesSpec(key: SeriesKey(meter: s.meter, quantity: quantity), kind: kind, unit: s.unit, rules: rules)
            for (j, pair) in (s.samples ?? []).enumerated() {
                guard pair.count == 2, let ms = Int64(exactly: pair[0]) else {
                    throw refuse("\(at)/samples/\(j)", "expected [milliseconds, value]")
                }
                if let bad = limits.check(ms: ms, nowMs: nowMs)
                    ?? limits.check(value: pair[1], quantity: quantity, kind: kind, rules: rules)
                {
                    throw refuse("\(at)/samples/\(j)", bad.message(calendar))
                }
                samples[spec, default: []].append(Sample(ms: ms, value: pair[1]))
            }
            for (j, triple) in (s.intervals ?? []).enumerated() {
                guard triple.count == 3, let start = Int64(exactly: triple[0]), let end = Int64(exactly: triple[1]) else {
                    throw refuse("\(at)/intervals/\(j)", "expected [start milliseconds, end milliseconds, value]")
                }
                if let bad = limits.check(intervalStart: start, end: end, nowMs: nowMs)
                    ?? limits.check(value: triple[2], quantity: quantity, kind: kind, rules: rules)
                {
                    throw refuse("\(at)/intervals/\(j)", bad.message(calendar))
                }
                intervals[spec, default: []].append(IntervalTotal(startMs: start, endMs: end, value: triple[2]))
            }
        }
        if let edge = batch.edge {
            guard edge.count <= 64, edge.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
                throw refuse("/edge", "not a store id (up to 64 ASCII letters, digits and '-')")
            }
            self.edge = edge
        }
        for (i, item) in (batch.alerts ?? []).enumerated() {
            let at = "/alerts/\(i)/alert"
            try checkMeter(item.alert.meter, at: at)
            for (name, ms) in [("startedAtMs", item.alert.startedAtMs), ("updatedAtMs", item.alert.updatedAtMs)] {
                if let bad = limits.check(ms: ms, nowMs: nowMs) { throw refuse("\(at)/\(name)", bad.message(calendar)) }
            }
            for (j, e) in item.events.enumerated() {
                if let bad = limits.check(ms: e.atMs, nowMs: nowMs) { throw refuse("/alerts/\(i)/events/\(j)/atMs", bad.message(calendar)) }
            }
            alerts.append(item)
        }
        let litres = limits.refuelLitres
        for (i, item) in (batch.refuels ?? []).enumerated() {
            let at = "/refuels/\(i)/refuel"
            let r = item.refuel
            guard building.hasFleet else { throw refuse(at, "the fleet's fuel log is not kept by '\(building.id)'", .forbidden) }
            guard !r.vehicle.isEmpty, r.vehicle.count <= 32, !r.vehicle.contains(where: { $0.isWhitespace || $0.isNewline }) else {
                throw refuse("\(at)/vehicle", "'\(r.vehicle)' is not a plate (1 to 32 characters, no spaces)")
            }
            let start = calendar.startOfDay(r.day)
            if let bad = limits.check(ms: start, nowMs: nowMs) { throw refuse("\(at)/day", bad.message(calendar)) }
            guard r.litres > 0, litres.contains(r.litres) else {
                throw refuse("\(at)/litres", "\(r.litres) litres is outside the plausible range of one refuel, \(litres)")
            }
            for (name, value) in [("amount", r.amount), ("odometer", r.odometer)] {
                if let value, !(value.isFinite && value >= 0 && value <= PlausibilityLimits.maxMagnitude) {
                    throw refuse("\(at)/\(name)", "\(value) is not a plausible \(name)")
                }
            }
            if let station = r.station, station.count > 200 { throw refuse("\(at)/station", "longer than 200 characters") }
            refuels.append(r)
        }
        for (i, e) in (batch.audit ?? []).enumerated() {
            let at = "/audit/\(i)"
            guard let id = e.id, id > 0 else { throw refuse("\(at)/id", "an audit entry carries its id at the edge") }
            if let bad = limits.check(ms: e.atMs, nowMs: nowMs) { throw refuse("\(at)/atMs", bad.message(calendar)) }
            for (name, text, longest) in [
                ("actor", e.actor, 200), ("role", e.role ?? "", 200), ("target", e.target ?? "", 1_000), ("detail", e.detail ?? "", 1_000),
                ("address", e.address ?? "", 100), ("result", e.result, 200),
            ] where text.count > longest {
                throw refuse("\(at)/\(name)", "longer than \(longest) characters")
            }
            var entry = e
            entry.site = building.id
            audit.append(entry)
        }
        for (i, d) in (batch.devices ?? []).enumerated() {
            let at = "/devices/\(i)/health"
            let h = d.health
            try checkMeter(h.meter, at: at)
            for (name, text, longest) in [("profile", h.profile, 200), ("link", h.link, 200), ("lastError", h.lastError ?? "", 2_000)]
            where text.count > longest {
                throw refuse("\(at)/\(name)", "longer than \(longest) characters")
            }
            guard (0...255).contains(h.unit) else { throw refuse("\(at)/unit", "unit \(h.unit) is not a Modbus unit id (0 to 255)") }
            guard h.state != .unreported else { throw refuse("\(at)/state", "'not reported' is the central's to say") }
            let counts =
                [("polls", h.polls), ("requests", h.requests), ("samplesWritten", h.samplesWritten)]
                + [("rejectedValues", h.rejectedValues), ("consecutiveFailures", h.consecutiveFailures)]
                + h.errors.sorted(by: { $0.key < $1.key }).map { ("errors/\($0.key)", $0.value) }
            if let bad = counts.first(where: { $0.1 < 0 }) { throw refuse("\(at)/\(bad.0)", "a count cannot be negative") }
            let times = [("lastSuccessMs", h.lastSuccessMs), ("lastPollMs", h.lastPollMs)].compactMap { n, v in v.map { (n, $0) } }
            for (name, ms) in times + [("updatedAtMs", d.updatedAtMs)] {
                if let bad = limits.check(ms: ms, nowMs: nowMs) {
                    throw refuse(name == "updatedAtMs" ? "/devices/\(i)/updatedAtMs" : "\(at)/\(name)", bad.message(calendar))
                }
            }
            for (name, value) in [("lastLatencyMs", h.lastLatencyMs), ("averageLatencyMs", h.averageLatencyMs)] {
                if let value, !(value.isFinite && value >= 0) { throw refuse("\(at)/\(name)", "\(value) is not a duration") }
            }
            devices.append(d)
        }
    }
}
