import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore

/// A forwarded batch as the central reads it for one building: series specs (with the central's
/// counter rules) and their readings, every one checked against the central's plausibility limits.
/// The HTTP route and the in-process target (`CentralStoreForwardTarget`) read batches this one way.
public struct ReceivedBatch: Sendable {
    public var samples: [SeriesSpec: [Sample]] = [:]
    public var intervals: [SeriesSpec: [IntervalTotal]] = [:]
    /// The building's alerts, each on one of its meters.
    public var alerts: [ForwardAlert] = []

    /// Every series must be a meter of `building` (or the weather, or the fleet's cars at the
    /// building keeping the fleet).
    public init(_ batch: ForwardBatch, for building: Building, config: SiteConfig, calendar: LocalCalendar, nowMs: Int64)
        throws(ForwardRefusal)
    {
        let limits = config.plausibility.limits(calendar)
        func refuse(_ pointer: String, _ message: String, _ kind: ForwardRefusal.Kind = .invalid) -> ForwardRefusal {
            ForwardRefusal(kind: kind, pointer: pointer, message: message)
        }
        for (i, s) in batch.series.enumerated() {
            let at = "/series/\(i)"
            var rules = CounterRules()
            if let meter = config.meter(id: s.meter) {
                guard meter.site == building.id else {
                    throw refuse("\(at)/meter", "meter '\(s.meter)' is in site '\(meter.site)', not '\(building.id)'", .forbidden)
                }
                rules = meter.counterRules
            } else if s.meter.hasPrefix("vehicle:") {
                guard building.hasFleet else {
                    throw refuse("\(at)/meter", "the fleet's fuel log is not kept by '\(building.id)'", .forbidden)
                }
            } else if !s.meter.hasPrefix("weather:") {
                throw refuse("\(at)/meter", "unknown meter '\(s.meter)' at the central (add it to its meters, in site \(building.id))")
            }
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
        for (i, item) in (batch.alerts ?? []).enumerated() {
            let at = "/alerts/\(i)/alert"
            guard let meter = config.meter(id: item.alert.meter) else {
                throw refuse(
                    "\(at)/meter", "unknown meter '\(item.alert.meter)' at the central (add it to its meters, in site \(building.id))")
            }
            guard meter.site == building.id else {
                throw refuse("\(at)/meter", "meter '\(meter.id)' is in site '\(meter.site)', not '\(building.id)'", .forbidden)
            }
            for (name, ms) in [("startedAtMs", item.alert.startedAtMs), ("updatedAtMs", item.alert.updatedAtMs)] {
                if let bad = limits.check(ms: ms, nowMs: nowMs) { throw refuse("\(at)/\(name)", bad.message(calendar)) }
            }
            for (j, e) in item.events.enumerated() {
                if let bad = limits.check(ms: e.atMs, nowMs: nowMs) { throw refuse("/alerts/\(i)/events/\(j)/atMs", bad.message(calendar)) }
            }
            alerts.append(item)
        }
    }
}
