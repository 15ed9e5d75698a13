import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore

/// What a rule saw for one subject at one evaluation.
public struct Observation: Sendable, Hashable {
    /// `trigger`: the alert condition holds. `clear`: it is clearly over (below the clear
    /// threshold: hysteresis). `hold`: in between; keeps whatever state the alert is in.
    /// `unknown`: not enough fresh data to say; changes nothing (staleness has its own rule).
    public enum Level: String, Sendable { case trigger, hold, clear, unknown }

    public var subject: String
    public var meter: String
    public var level: Level
    public var value: Double?
    public var threshold: Double?
    public var unit: String
    public var messageEN: String
    public var messageZH: String
    public var details: [String: Double]

    init(subject: String, meter: String, level: Level, value: Double? = nil, threshold: Double? = nil, unit: String = "",
         en: String = "", zh: String = "", details: [String: Double] = [:]) {
        self.subject = subject; self.meter = meter; self.level = level; self.value = value; self.threshold = threshold
        self.unit = unit; self.messageEN = en; self.messageZH = zh; self.details = details
    }
}

/// Evaluates rule conditions against stored data at an instant. Pure: the same data and instant
/// give the same observations, so live evaluation and replays over history agree.
public struct ConditionEvaluator: Sendable {
    public let calendar: LocalCalendar
    public let meters: [String: MeterConfig]
    /// Instantaneous values older than this are not acted on (the `stale` rule reports them).
    public static let freshnessMs: Int64 = 10 * 60_000
    /// When live evaluation started: a device is not called stale for silence before it was
    /// being polled (a restarted collector has not read it yet). Replays leave it nil.
    public var watchingSinceMs: Int64?
    /// How often the collector polls each series (its point's poll class: a counter every 60 s, power
    /// every 5 s). The `stale` rule expects each series at its own interval.
    public var pollIntervals: [SeriesKey: Int64] = [:]

    public init(calendar: LocalCalendar, meters: [MeterConfig]) {
        self.calendar = calendar
        self.meters = Dictionary(meters.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The series a rule reads and how far back, for `AlertData.preload`.
    public func needs(_ rule: AlertRule) -> [SeriesNeed] {
        rule.meters.flatMap { id -> [SeriesNeed] in
            let meter = meters[id]
            switch rule.condition {
            case .nightFlow(_, _, let nights, _):
                return [SeriesNeed(key: SeriesKey(meter: id, quantity: .flowRate), quartersMs: Int64(nights + 2) * msPerDay)]
            case .continuousFlow(_, let hours):
                let span = Int64(hours * 3_600_000)
                if span < msPerHour { return [SeriesNeed(key: SeriesKey(meter: id, quantity: .flowRate), samplesMs: span + msPerMinute)] }
                return [SeriesNeed(key: SeriesKey(meter: id, quantity: .flowRate), quartersMs: span + msPerHour)]
            case .highFlow:
                return [SeriesNeed(key: SeriesKey(meter: id, quantity: .flowRate), samplesMs: Self.freshnessMs)]
            case .dailyUseAnomaly(let q, let weeks, _, _, _, _):
                return [SeriesNeed(key: SeriesKey(meter: id, quantity: q ?? meter?.mainQuantity ?? .energyImport), daysMs: Int64(weeks + 2) * 7 * msPerDay)]
            case .stale(let maxAge, let intervals, let stuck, _):
                var n = staleSeries(id, maxAgeMs: maxAge, intervals: intervals).map {
                    SeriesNeed(key: $0.key, samplesMs: max($0.limitMs, stuck ?? 0))
                }
                if let stuck {
                    n.append(SeriesNeed(key: SeriesKey(meter: id, quantity: meter?.mainQuantity ?? .energyImport), samplesMs: stuck))
                    n.append(SeriesNeed(key: SeriesKey(meter: id, quantity: rateQuantity(meter)), samplesMs: stuck))
                }
                return n
            case .ups:
                return [SeriesNeed(key: SeriesKey(meter: id, quantity: "ups_status"), samplesMs: Self.freshnessMs),
                        SeriesNeed(key: SeriesKey(meter: id, quantity: "battery_charge"), samplesMs: Self.freshnessMs)]
            case .storage:
                return [SeriesNeed(key: SeriesKey(meter: id, quantity: "storage_soc"), samplesMs: Self.freshnessMs),
                        SeriesNeed(key: SeriesKey(meter: id, quantity: "inverter_state"), samplesMs: Self.freshnessMs)]
            case .demand(_, _, _, let interval):
                return [SeriesNeed(key: SeriesKey(meter: id, quantity: .powerActive), samplesMs: interval + Self.freshnessMs)]
            }
        }
    }

    /// The series the `stale` rule watches for a meter and how old each may get: every series the
    /// collector polls, at `intervals` × its own poll interval (or `max_age` when given). Without
    /// poll intervals (a replay, a meter fed by imports): the main and the rate series.
    func staleSeries(_ meter: String, maxAgeMs: Int64?, intervals: Int) -> [(key: SeriesKey, limitMs: Int64)] {
        let polled = pollIntervals.filter { $0.key.meter == meter }.sorted { $0.key < $1.key }
        if !polled.isEmpty {
            return polled.map { ($0.key, maxAgeMs ?? Int64(intervals) * $0.value) }
        }
        let m = meters[meter]
        let limit = maxAgeMs ?? Int64(intervals) * (m?.device?.fastPollMs ?? 60_000)
        return [m?.mainQuantity ?? .energyImport, rateQuantity(m)].map { (SeriesKey(meter: meter, quantity: $0), limit) }
    }

    func rateQuantity(_ meter: MeterConfig?) -> Quantity { meter?.category == .water ? .flowRate : .powerActive }

    /// Observations of one rule at `t`, one or more per watched meter.
    public func observe(_ rule: AlertRule, at t: Int64, data: AlertData) -> [Observation] {
        rule.meters.flatMap { id -> [Observation] in
            switch rule.condition {
            case .nightFlow(let threshold, let clearBelow, let nights, let window):
                return [nightFlow(id, t, data, threshold, clearBelow, nights, window)]
            case .continuousFlow(let threshold, let hours):
                return [continuousFlow(id, t, data, threshold, hours)]
            case .highFlow(let threshold, let clearBelow):
                return [highFlow(id, t, data, threshold, clearBelow)]
            case .dailyUseAnomaly(let q, let weeks, let minWeeks, let factor, let madK, let minExcess):
                return [dailyUse(id, t, data, q, weeks, minWeeks, factor, madK, minExcess)]
            case .stale(let maxAge, let intervals, let stuckFor, let rateMin):
                var out = [stale(id, t, data, staleSeries(id, maxAgeMs: maxAge, intervals: intervals))]
                if let stuckFor { out.append(stuck(id, t, data, stuckFor, rateMin)) }
                return out
            case .ups(let flags, let lowCharge):
                return ups(id, t, data, flags, lowCharge)
            case .storage(let below, let clearAbove, let faults):
                return storage(id, t, data, below, clearAbove, faults)
            case .demand(let contract, let share, let clearShare, let interval):
                return [demand(id, t, data, contract, share, clearShare, interval)]
            }
        }
    }

    // MARK: Water

    /// The night windows (UTC) that ended at or before `t`, latest first.
    func nightWindows(before t: Int64, count: Int, window: DailyWindow) -> [(start: Int64, end: Int64)] {
        var out: [(Int64, Int64)] = []
        var day = calendar.civilDate(at: t)
        while out.count < count {
            let end = calendar.rules.utcLenient(fromLocal: Int64(day.daysSinceEpoch) * msPerDay + Int64(window.endMinute) * msPerMinute)
            let start = end - Int64(window.lengthMinutes) * msPerMinute
            if end <= t { out.append((start, end)) }
            day = day.adding(days: -1)
        }
        return out
    }

    func nightFlow(_ meter: String, _ t: Int64, _ data: AlertData, _ threshold: Double, _ clearBelow: Double, _ nights: Int, _ window: DailyWindow) -> Observation {
        let key = SeriesKey(meter: meter, quantity: .flowRate)
        let expected = window.lengthMinutes / 15
        // Minimum flow per night from the 15-minute minima; a night with under half its buckets is unknown.
        let minima: [Double?] = nightWindows(before: t, count: nights, window: window).map { w in
            let buckets = data.quarterBuckets(key, from: w.start, to: w.end)
            let mins = buckets.compactMap(\.min)
            guard mins.count * 2 >= max(1, expected) else { return nil }
            return mins.min()
        }
        let hours = Double(window.lengthMinutes) / 60
        guard let latest = minima.first ?? nil else { return Observation(subject: meter, meter: meter, level: .unknown) }
        let known = minima.compactMap { $0 }
        let level: Observation.Level
        if known.count == nights && known.allSatisfy({ $0 > threshold }) { level = .trigger }
        else if latest <= clearBelow { level = .clear }
        else { level = .hold }
        let leak = known.count == nights ? known.min()! : latest
        let litresPerNight = leak * hours * 1000
        let f = { (v: Double) in DisplayFormat.number(v, decimals: 3) }
        let l = DisplayFormat.number(litresPerNight, decimals: 0)
        return Observation(
            subject: meter, meter: meter, level: level, value: leak, threshold: threshold, unit: "m3/h",
            en: "Night flow (\(window)) stayed at or above \(f(leak)) m³/h for \(nights) night(s) (threshold \(f(threshold))): suspected leak, about \(l) L per night",
            zh: "夜間（\(window)）最低流量連續 \(nights) 晚不低於 \(f(leak)) m³/h（門檻 \(f(threshold))）：疑似漏水，每晚約 \(l) 公升",
            details: ["min_flow_m3h": leak, "leak_litres_per_night": litresPerNight, "leak_litres_per_day": leak * 24_000, "nights": Double(nights)])
    }

    func continuousFlow(_ meter: String, _ t: Int64, _ data: AlertData, _ threshold: Double, _ hours: Double) -> Observation {
        let key = SeriesKey(meter: meter, quantity: .flowRate)
        let span = Int64(hours * 3_600_000)
        if span < msPerHour { return continuousFlowRaw(meter, t, data, threshold, hours, span) }
        // Whole 15-minute buckets inside [t - span, t).
        let end = floorDiv(t, LocalCalendar.quarterMs) * LocalCalendar.quarterMs
        let start = end - span
        let buckets = data.quarterBuckets(key, from: start, to: end)
        let mins = buckets.compactMap(\.min)
        let expected = Int(span / LocalCalendar.quarterMs)
        guard let lowest = mins.min() else { return Observation(subject: meter, meter: meter, level: .unknown) }
        let f = { (v: Double) in DisplayFormat.number(v, decimals: 3) }
        let h = DisplayFormat.number(hours, decimals: 1)
        if lowest <= threshold {
            return Observation(subject: meter, meter: meter, level: .clear, value: lowest, threshold: threshold, unit: "m3/h")
        }
        // Every bucket must be there (at most one missing) to claim "never below".
        let level: Observation.Level = mins.count + 1 >= expected ? .trigger : .hold
        return Observation(subject: meter, meter: meter, level: level, value: lowest, threshold: threshold, unit: "m3/h",
                           en: "Flow has not dropped below \(f(threshold)) m³/h for \(h) h (lowest \(f(lowest))): suspected leak",
                           zh: "流量連續 \(h) 小時未低於 \(f(threshold)) m³/h（最低 \(f(lowest))）：疑似漏水",
                           details: ["min_flow_m3h": lowest, "litres_per_day": lowest * 24_000])
    }

    /// Windows under an hour read the raw samples: the lowest reading in `[t - span, t]`, once
    /// readings cover the window (one in its first quarter, a fresh one at its end).
    func continuousFlowRaw(_ meter: String, _ t: Int64, _ data: AlertData, _ threshold: Double, _ hours: Double, _ span: Int64) -> Observation {
        let samples = data.samples(SeriesKey(meter: meter, quantity: .flowRate), from: t - span, to: t)
        guard let first = samples.first, let last = samples.last, let lowest = samples.map(\.value).min(),
              t - last.ms <= Self.freshnessMs else { return Observation(subject: meter, meter: meter, level: .unknown) }
        if lowest <= threshold {
            return Observation(subject: meter, meter: meter, level: .clear, value: lowest, threshold: threshold, unit: "m3/h")
        }
        let covered = first.ms <= t - span + span / 4 && samples.count >= 3
        let f = { (v: Double) in DisplayFormat.number(v, decimals: 3) }
        let minutes = DisplayFormat.number(hours * 60, decimals: 1)
        return Observation(subject: meter, meter: meter, level: covered ? .trigger : .hold, value: lowest, threshold: threshold, unit: "m3/h",
                           en: "Flow has not dropped below \(f(threshold)) m³/h for \(minutes) min (lowest \(f(lowest))): suspected leak, about \(DisplayFormat.number(lowest * 1000 / 60, decimals: 1)) L/min",
                           zh: "流量連續 \(minutes) 分鐘未低於 \(f(threshold)) m³/h（最低 \(f(lowest))）：疑似漏水，每分鐘約 \(DisplayFormat.number(lowest * 1000 / 60, decimals: 1)) 公升",
                           details: ["min_flow_m3h": lowest, "litres_per_day": lowest * 24_000])
    }

    func highFlow(_ meter: String, _ t: Int64, _ data: AlertData, _ threshold: Double, _ clearBelow: Double) -> Observation {
        guard let s = data.latest(SeriesKey(meter: meter, quantity: .flowRate), atOrBefore: t), t - s.ms <= Self.freshnessMs else {
            return Observation(subject: meter, meter: meter, level: .unknown)
        }
        let level: Observation.Level = s.value > threshold ? .trigger : (s.value < clearBelow ? .clear : .hold)
        let f = { (v: Double) in DisplayFormat.number(v, decimals: 2) }
        return Observation(subject: meter, meter: meter, level: level, value: s.value, threshold: threshold, unit: "m3/h",
                           en: "Flow \(f(s.value)) m³/h above \(f(threshold)) m³/h: possible burst pipe",
                           zh: "流量 \(f(s.value)) m³/h 超過 \(f(threshold)) m³/h：疑似管線破裂")
    }

    func dailyUse(_ meter: String, _ t: Int64, _ data: AlertData, _ quantity: Quantity?, _ weeks: Int, _ minWeeks: Int,
                  _ factor: Double?, _ madK: Double?, _ minExcess: Double) -> Observation {
        let q = quantity ?? meters[meter]?.mainQuantity ?? .energyImport
        let key = SeriesKey(meter: meter, quantity: q)
        let day = calendar.civilDate(at: t).adding(days: -1)          // the last complete day
        func total(_ d: CivilDate) -> Double? {
            let b = data.dayBuckets(key, from: calendar.startOfDay(d), to: calendar.startOfDay(d.adding(days: 1)))
            guard let bucket = b.first, bucket.count > 0 || bucket.value != 0 else { return nil }
            return bucket.value
        }
        guard let use = total(day) else { return Observation(subject: meter, meter: meter, level: .unknown) }
        let history = (1...weeks).compactMap { total(day.adding(days: -7 * $0)) }
        guard history.count >= minWeeks else { return Observation(subject: meter, meter: meter, level: .unknown) }
        let median = Self.median(history)
        let mad = Self.median(history.map { abs($0 - median) })
        var limit = median + minExcess
        if let factor { limit = max(limit, median * factor) }
        if let madK { limit = max(limit, median + madK * mad) }
        let unit = q.canonical?.unit ?? ""
        let f = { (v: Double) in DisplayFormat.number(v, decimals: 1) }
        let weekdayEN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][day.isoWeekday - 1]
        let weekdayZH = ["一", "二", "三", "四", "五", "六", "日"][day.isoWeekday - 1]
        return Observation(subject: meter, meter: meter, level: use > limit ? .trigger : .clear, value: use, threshold: limit, unit: unit,
                           en: "\(day) used \(f(use)) \(unit), above the usual \(weekdayEN) (median \(f(median)) of \(history.count) weeks; limit \(f(limit)))",
                           zh: "\(day) 用量 \(f(use)) \(unit)，高於平常的星期\(weekdayZH)（近 \(history.count) 週中位數 \(f(median))；上限 \(f(limit))）",
                           details: ["median": median, "mad": mad, "weeks": Double(history.count)])
    }

    static func median(_ values: [Double]) -> Double {
        let s = values.sorted()
        guard !s.isEmpty else { return .nan }
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    // MARK: Devices

    /// Stale when every watched series that has readings is overdue by its own limit: a meter
    /// whose counters arrive each minute and power each 5 s is not offline 25 s after a counter.
    func stale(_ meter: String, _ t: Int64, _ data: AlertData, _ series: [(key: SeriesKey, limitMs: Int64)]) -> Observation {
        var watched = series.filter { data.exists($0.key) }
        if watched.isEmpty, let any = data.quantities(of: meter).first, let limit = series.first?.limitMs {
            watched = [(SeriesKey(meter: meter, quantity: any), limit)]
        }
        // Each series' age, measured from when live evaluation started at the earliest.
        let ages = watched.compactMap { w -> (age: Int64, silent: Int64, limit: Int64, last: Int64)? in
            guard let last = data.latest(w.key, atOrBefore: t) else { return nil }
            return (t - last.ms, t - max(last.ms, watchingSinceMs ?? last.ms), w.limitMs, last.ms)
        }
        // The series closest to its limit speaks for the meter.
        guard let freshest = ages.min(by: { $0.silent - $0.limit < $1.silent - $1.limit }) else {
            // Never a reading: a device dead from the start is offline too, once the service has
            // watched it longer than its limit (a replay, with no such start, cannot tell).
            guard let since = watchingSinceMs, let limit = series.map(\.limitMs).max(), t - since > limit else {
                return Observation(subject: meter, meter: meter, level: .unknown)
            }
            let silent = Double(t - since) / 1000
            let f = { (v: Double) in DisplayFormat.number(v, decimals: 0) }
            return Observation(subject: meter, meter: meter, level: .trigger, value: silent, threshold: Double(limit) / 1000, unit: "s",
                               en: "No reading from \(meter) in the \(f(silent)) s since the service started: device offline or not polled",
                               zh: "服務啟動 \(f(silent)) 秒以來 \(meter) 沒有任何讀值：設備離線或未輪詢")
        }
        let overdue = ages.allSatisfy { $0.silent > $0.limit }
        let age = Double(freshest.age) / 1000
        let limit = Double(freshest.limit) / 1000
        let f = { (v: Double) in DisplayFormat.number(v, decimals: 0) }
        return Observation(subject: meter, meter: meter, level: overdue ? .trigger : .clear, value: age, threshold: limit, unit: "s",
                           en: "No new reading from \(meter) for \(f(age)) s (limit \(f(limit)) s): device offline or not polled",
                           zh: "\(meter) 已 \(f(age)) 秒沒有新讀值（上限 \(f(limit)) 秒）：設備離線或未輪詢",
                           details: ["last_sample_ms": Double(ages.map(\.last).max() ?? freshest.last)])
    }

    func stuck(_ meter: String, _ t: Int64, _ data: AlertData, _ stuckFor: Int64, _ rateMin: Double) -> Observation {
        let subject = "\(meter):stuck"
        let m = meters[meter]
        let counter = data.samples(SeriesKey(meter: meter, quantity: m?.mainQuantity ?? .energyImport), from: t - stuckFor, to: t)
        let rate = data.samples(SeriesKey(meter: meter, quantity: rateQuantity(m)), from: t - stuckFor, to: t)
        guard counter.count >= 2, let first = counter.first, let last = counter.last, last.ms - first.ms >= stuckFor * 9 / 10, !rate.isEmpty else {
            return Observation(subject: subject, meter: meter, level: .unknown)
        }
        let lo = counter.map(\.value).min()!, hi = counter.map(\.value).max()!
        let meanRate = rate.reduce(0) { $0 + $1.value } / Double(rate.count)
        let frozen = hi == lo && meanRate > rateMin
        let minutes = DisplayFormat.number(Double(stuckFor) / 60_000, decimals: 0)
        return Observation(subject: subject, meter: meter, level: frozen ? .trigger : .clear, value: meanRate, threshold: rateMin,
                           unit: rateQuantity(m).canonical?.unit ?? "",
                           en: "The \(m?.mainQuantity.name ?? "counter") register of \(meter) has not moved for \(minutes) min while its \(rateQuantity(m)) averages \(DisplayFormat.number(meanRate, decimals: 2)): meter stuck",
                           zh: "\(meter) 累計值 \(minutes) 分鐘未變動，但瞬時值平均 \(DisplayFormat.number(meanRate, decimals: 2))：表計卡住",
                           details: ["counter": hi])
    }

    func ups(_ meter: String, _ t: Int64, _ data: AlertData, _ flags: [String], _ lowCharge: Double?) -> [Observation] {
        let status = data.latest(SeriesKey(meter: meter, quantity: "ups_status"), atOrBefore: t).flatMap { t - $0.ms <= Self.freshnessMs ? $0 : nil }
        let charge = data.latest(SeriesKey(meter: meter, quantity: "battery_charge"), atOrBefore: t).flatMap { t - $0.ms <= Self.freshnessMs ? $0 : nil }
        let names: [String: (String, String)] = [
            "OB": ("on battery (mains lost)", "改由電池供電（市電中斷）"), "LB": ("battery low", "電池電量低"),
            "RB": ("replace battery", "需更換電池"), "OVER": ("overload", "過載"), "FAULT": ("fault", "故障"),
            "BYPASS": ("on bypass", "旁路供電"), "OFF": ("output off", "輸出關閉"),
        ]
        return flags.map { flag in
            let subject = "\(meter):\(flag)"
            guard let status, let bit = UPSFlags(name: flag) else { return Observation(subject: subject, meter: meter, level: .unknown) }
            // A stored value that is no status mask (written before plausibility checks) says nothing.
            guard let flagsNow = UPSFlags(storedValue: status.value) else { return Observation(subject: subject, meter: meter, level: .unknown) }
            let set = flagsNow.contains(bit)
            var level: Observation.Level = set ? .trigger : .clear
            var value: Double? = nil
            if flag == "LB", let lowCharge, let charge {
                value = charge.value
                if charge.value < lowCharge { level = .trigger } else if !set && charge.value < lowCharge + 5 { level = .hold }
            }
            let (en, zh) = names[flag] ?? (flag, flag)
            let chargeText = charge.map { " (battery \(DisplayFormat.number($0.value, decimals: 0)) %)" } ?? ""
            return Observation(subject: subject, meter: meter, level: level, value: value ?? status.value, threshold: flag == "LB" ? lowCharge : nil,
                               unit: flag == "LB" && value != nil ? "%" : "",
                               en: "UPS \(meter): \(en) [\(flagsNow)]\(chargeText)",
                               zh: "不斷電系統 \(meter)：\(zh)\(charge.map { "（電池 \(DisplayFormat.number($0.value, decimals: 0)) %）" } ?? "")",
                               details: charge.map { ["battery_charge": $0.value] } ?? [:])
        }
    }

    func storage(_ meter: String, _ t: Int64, _ data: AlertData, _ below: Double, _ clearAbove: Double, _ faults: [Int]) -> [Observation] {
        var out: [Observation] = []
        if let soc = data.latest(SeriesKey(meter: meter, quantity: "storage_soc"), atOrBefore: t), t - soc.ms <= Self.freshnessMs {
            let level: Observation.Level = soc.value < below ? .trigger : (soc.value > clearAbove ? .clear : .hold)
            let v = DisplayFormat.number(soc.value, decimals: 1), b = DisplayFormat.number(below, decimals: 0)
            out.append(Observation(subject: "\(meter):soc", meter: meter, level: level, value: soc.value, threshold: below, unit: "%",
                                   en: "Storage \(meter) state of charge \(v) % below \(b) %", zh: "儲能系統 \(meter) 電量 \(v) % 低於 \(b) %"))
        } else {
            out.append(Observation(subject: "\(meter):soc", meter: meter, level: .unknown))
        }
        if let st = data.latest(SeriesKey(meter: meter, quantity: "inverter_state"), atOrBefore: t), t - st.ms <= Self.freshnessMs {
            if let code = st.value.exactInt {
                out.append(Observation(subject: "\(meter):fault", meter: meter, level: faults.contains(code) ? .trigger : .clear, value: st.value, unit: "",
                                       en: "Storage \(meter) reports fault (operating state \(code))",
                                       zh: "儲能系統 \(meter) 回報故障（運轉狀態 \(code)）"))
            } else {
                out.append(Observation(subject: "\(meter):fault", meter: meter, level: .unknown))
            }
        } else {
            out.append(Observation(subject: "\(meter):fault", meter: meter, level: .unknown))
        }
        return out
    }

    // MARK: Demand

    /// The demand interval containing `t` (aligned to local wall-clock time, as utility meters are).
    public func demandInterval(containing t: Int64, intervalMs: Int64) -> (start: Int64, end: Int64) {
        let local = calendar.rules.localMs(fromUTC: t)
        let start = t - floorMod(local, intervalMs)
        return (start, start + intervalMs)
    }

    /// Projected average demand (kW) of the interval containing `t`: the energy so far (power
    /// held from each sample to the next, W·ms) plus the latest power over the rest of the interval.
    public func projectedDemand(_ meter: String, at t: Int64, intervalMs: Int64, data: AlertData) -> (projectedKW: Double, soFarKW: Double, latestKW: Double)? {
        let key = SeriesKey(meter: meter, quantity: .powerActive)
        guard let latest = data.latest(key, atOrBefore: t), t - latest.ms <= Self.freshnessMs else { return nil }
        let (start, end) = demandInterval(containing: t, intervalMs: intervalMs)
        var held = data.latest(key, atOrBefore: start)?.value
        var cursor = start
        var energy = CompensatedSum()
        for s in data.samples(key, from: start, to: t) {
            if let h = held { energy.add(h * Double(s.ms - cursor)) }
            held = s.value
            cursor = s.ms
        }
        if let h = held { energy.add(h * Double(t - cursor)) }
        let elapsed = Double(t - start)
        let soFar = elapsed > 0 ? energy.value / elapsed / 1000 : latest.value / 1000
        let projected = (energy.value + latest.value * Double(end - t)) / Double(intervalMs) / 1000
        return (projected, soFar, latest.value / 1000)
    }

    func demand(_ meter: String, _ t: Int64, _ data: AlertData, _ contract: Double, _ share: Double, _ clearShare: Double, _ interval: Int64) -> Observation {
        guard let d = projectedDemand(meter, at: t, intervalMs: interval, data: data) else { return Observation(subject: meter, meter: meter, level: .unknown) }
        let limit = contract * share
        let level: Observation.Level = d.projectedKW > limit ? .trigger : (d.projectedKW < contract * clearShare ? .clear : .hold)
        let f = { (v: Double) in DisplayFormat.number(v, decimals: 1) }
        let pct = DisplayFormat.number(share * 100, decimals: 0)
        return Observation(subject: meter, meter: meter, level: level, value: d.projectedKW, threshold: limit, unit: "kW",
                           en: "Projected \(interval / 60_000)-minute demand \(f(d.projectedKW)) kW exceeds \(pct) % of the contract capacity \(f(contract)) kW",
                           zh: "預估 \(interval / 60_000) 分鐘需量 \(f(d.projectedKW)) kW 超過契約容量 \(f(contract)) kW 的 \(pct) %",
                           details: ["so_far_kw": d.soFarKW, "latest_kw": d.latestKW, "contract_kw": contract])
    }
}
