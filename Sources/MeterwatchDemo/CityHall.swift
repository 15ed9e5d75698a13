import Foundation
import MeterwatchCore

/// The embedded city hall: a deterministic model of one large office building in Taipei, its
/// circuits, water, battery storage and weather. The same functions feed the two-year backfill
/// and the live Modbus simulator, so the history and the live readings join without a seam.
///
/// Everything is a pure function of time (and of the anchor dates kept in the data folder), with
/// noise from a hash of (series, time slot): two runs give the same numbers.
///
/// Loads are piecewise constant over 15-minute slots (the zone water meter's over 20-second
/// periods), so energy totals are exact integrals whether they are summed slot by slot for the
/// backfill or second by second by the simulator.
public struct CityHall: Sendable {
    /// The dates a demo data folder is built around; kept in `demo.json` so a restart on another
    /// day continues the same history.
    public struct Anchor: Codable, Sendable, Hashable {
        /// First day of the backfill (24 months before the month the folder was created).
        public var start: CivilDate
        /// The lighting retrofit (T5 → LED) takes effect at local midnight of this day.
        public var retrofit: CivilDate
        public init(start: CivilDate, retrofit: CivilDate) {
            self.start = start
            self.retrofit = retrofit
        }

        /// Anchors for a folder created on `today`: backfill from the 1st of the month two years
        /// back, retrofit on the 1st of the month one year back — a full year before and a full
        /// (or nearly full) year after.
        public static func forToday(_ today: CivilDate) -> Anchor {
            let month = CivilDate(year: today.year, month: today.month, day: 1)
            return Anchor(start: month.adding(months: -24), retrofit: month.adding(months: -12))
        }
    }

    /// The retrofit keeps this share of the lighting load (LED at half the T5 power).
    public static let retrofitFactor = 0.5
    public static let slotMs = LocalCalendar.quarterMs
    /// The zone meter's on/off periods (a flush or a tap lasts about this long).
    public static let zonePeriodMs: Int64 = 20_000
    /// The demo leak: a cistern valve stuck open in the annex restrooms.
    public static let leakFlowM3h = 0.5

    public let calendar: LocalCalendar
    public let anchor: Anchor
    public let startMs: Int64
    public let retrofitMs: Int64
    /// Daily temperature anomaly (°C) by local day index from `anomalyFirstDay`.
    private let anomaly: [Double]
    private let anomalyFirstDay: Int

    public init(anchor: Anchor, calendar: LocalCalendar) {
        self.calendar = calendar
        self.anchor = anchor
        startMs = calendar.startOfDay(anchor.start)
        retrofitMs = calendar.startOfDay(anchor.retrofit)
        // An AR(1) weather anomaly (persistence 0.75, innovations σ 1.2 °C) from a fixed epoch,
        // so a given date has the same weather in every demo folder.
        let first = CivilDate(year: 2020, month: 1, day: 1).daysSinceEpoch
        var a: [Double] = []
        a.reserveCapacity(8_000)
        var x = 0.0
        for d in 0..<8_000 {
            let u1 = max(1e-12, Noise.unit(0x7E3F_A11C, Int64(first + d)))
            let u2 = Noise.unit(0x51DE_0A7E, Int64(first + d))
            x = 0.75 * x + 1.2 * (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
            a.append(x)
        }
        anomaly = a
        anomalyFirstDay = first
    }

    // MARK: Calendar and weather

    /// Local time of a slot's middle: its day, hour (0..<24, fractional) and whether offices work.
    public struct SlotTime {
        public var day: CivilDate
        public var dayIndex: Int
        public var hour: Double
        public var working: Bool
    }

    public func time(at ms: Int64) -> SlotTime {
        let local = calendar.rules.localMs(fromUTC: ms)
        let dayIndex = Int(floorDiv(local, msPerDay))
        let day = CivilDate(daysSinceEpoch: dayIndex)
        return SlotTime(
            day: day, dayIndex: dayIndex, hour: Double(floorMod(local, msPerDay)) / Double(msPerHour),
            working: TaiwanWorkCalendar.isWorkingDay(day))
    }

    /// Daily mean outdoor temperature (°C): Taipei's seasonal cycle (16 °C in January, 30 °C in
    /// July), the day's weather anomaly, and a summer 0.8 °C hotter in the year after the retrofit
    /// (so raw year-on-year figures understate the retrofit, as a hot summer does in real reports).
    public func dailyMeanTemperature(dayIndex: Int) -> Double {
        let day = CivilDate(daysSinceEpoch: dayIndex)
        let doy = Double(day.daysSinceEpoch - CivilDate(year: day.year, month: 1, day: 1).daysSinceEpoch)
        var t = 23.2 - 6.9 * cos(2 * .pi * (doy - 22) / 365.25)
        let i = dayIndex - anomalyFirstDay
        if i >= 0 && i < anomaly.count { t += anomaly[i] }
        if day >= anchor.retrofit && (5...10).contains(day.month) { t += 0.8 }
        return t
    }

    /// Hourly outdoor temperature (°C): the daily mean with a ±3.5 °C swing peaking at 15:00.
    public func temperature(at ms: Int64) -> Double {
        let t = time(at: ms)
        return dailyMeanTemperature(dayIndex: t.dayIndex) + 3.5 * sin(2 * .pi * (t.hour - 9) / 24)
    }

    // MARK: Electricity (kW, constant over each 15-minute slot)

    public enum Circuit: String, CaseIterable, Sendable {
        case lighting, chiller, serverRoom = "server-room", other, storage
    }

    /// Power of a circuit over the slot containing `ms` (kW). Storage: + discharging, − charging.
    public func powerKW(_ circuit: Circuit, at ms: Int64) -> Double {
        let slot = floorDiv(ms, Self.slotMs)
        let mid = slot * Self.slotMs + Self.slotMs / 2
        let t = time(at: mid)
        let h = t.hour
        let dayNoise = 1 + 0.04 * (2 * Noise.unit(0xDA1_0000 + UInt64(circuit.hashSeed), Int64(t.dayIndex)) - 1)
        func jitter(_ amplitude: Double) -> Double { 1 + amplitude * (2 * Noise.unit(0x5107 + UInt64(circuit.hashSeed), slot) - 1) }
        switch circuit {
        case .lighting:
            var p: Double
            if t.working && h >= 7.5 && h < 18.5 {
                p = 420 * dayNoise
            } else if t.working && (h >= 18.5 && h < 21) {
                p = 200
            } else if !t.working && h >= 9 && h < 17 {
                p = 180
            }  // weekend events, duty staff
            else {
                p = 90
            }
            if mid >= retrofitMs { p *= Self.retrofitFactor }
            return p * jitter(0.02)
        case .chiller:
            let temp = temperature(at: mid)
            var p: Double
            if t.working && h >= 7 && h < 19 {
                p = 60 + 95 * max(0, temp - 20)
            } else if !t.working && h >= 9 && h < 17 {
                p = 60 + 25 * max(0, temp - 22)
            } else {
                p = 60 + 10 * max(0, temp - 25)
            }
            return p * jitter(0.04)
        case .serverRoom:
            return (160 + 2 * max(0, temperature(at: mid) - 25)) * jitter(0.015)
        case .other:
            var p: Double
            if t.working && h >= 8 && h < 18 {
                p = 1_900 * dayNoise
            } else if t.working && (h >= 7 && h < 8 || h >= 18 && h < 19) {
                p = 1_100
            } else if !t.working && h >= 9 && h < 17 {
                p = 650
            } else {
                p = 520
            }
            if h >= 12 && h < 13 && t.working { p *= 0.9 }
            return p * jitter(0.03)
        case .storage:
            // Peak shaving: discharge 200 kW 15:00–19:00 on working days (80 % of 1,000 kWh), across
            // the summer peak period's busiest hours; recharge at 175 kW from midnight to 05:00 after
            // them (off-peak price): 875 kWh in for 800 out, a round trip of 91 %.
            if t.working && h >= 15 && h < 19 { return 200 }
            if h < 5 && TaiwanWorkCalendar.isWorkingDay(t.day.adding(days: -1)) { return -175 }
            return 0
        }
    }

    /// The main incomer: every circuit, with the storage discharge offsetting the grid import.
    public func mainPowerKW(at ms: Int64) -> Double {
        powerKW(.lighting, at: ms) + powerKW(.chiller, at: ms) + powerKW(.serverRoom, at: ms) + powerKW(.other, at: ms)
            - powerKW(.storage, at: ms)
    }

    /// Another, smaller building of the portfolio: the city hall's load shape at `scale`, with its own
    /// noise, drifting by `driftPerYear` (a share per year, counted from the retrofit date) so that
    /// its year-on-year change is its own.
    public func annexPowerKW(scale: Double, driftPerYear: Double, at ms: Int64) -> Double {
        let slot = floorDiv(ms, Self.slotMs)
        let years = Double(slot * Self.slotMs - retrofitMs) / Double(365 * msPerDay)
        let own = 1 + 0.05 * (2 * Noise.unit(0xA77E_0000 + UInt64(scale * 10_000), slot) - 1)
        return mainPowerKW(at: ms) * scale * (1 + driftPerYear * years) * own
    }

    /// What the lighting would draw with the old T5 tubes (for the planted saving).
    public func lightingWithoutRetrofitKW(at ms: Int64) -> Double {
        let p = powerKW(.lighting, at: ms)
        let mid = floorDiv(ms, Self.slotMs) * Self.slotMs + Self.slotMs / 2
        return mid >= retrofitMs ? p / Self.retrofitFactor : p
    }

    /// Battery state of charge (%): follows the storage schedule (15 % after a peak-shaving day,
    /// 90 % when full).
    public func storageSoC(at ms: Int64) -> Double {
        let t = time(at: ms)
        let h = t.hour
        let chargedOvernight = TaiwanWorkCalendar.isWorkingDay(t.day.adding(days: -1))
        var soc = chargedOvernight ? 15 + 75 * min(1, h / 5) : 90
        if t.working && h >= 15 { soc = 90 - 75 * min(1, (h - 15) / 4) }
        return soc
    }

    // MARK: Water (m³/h)

    /// The main water meter: office use, cooling-tower make-up following the chiller, a small
    /// night baseline (ice machines, cleaning).
    public func mainWaterFlow(at ms: Int64) -> Double {
        let slot = floorDiv(ms, Self.slotMs)
        let mid = slot * Self.slotMs + Self.slotMs / 2
        let t = time(at: mid)
        let shape = t.hour >= 7 && t.hour < 19 ? 0.35 + 0.65 * max(0, sin((t.hour - 7) / 12 * .pi)) : 0
        let office = t.working ? 14 * shape : 2 * shape
        let makeUp = 0.0035 * powerKW(.chiller, at: mid)
        return (0.35 + office + makeUp) * (1 + 0.05 * (2 * Noise.unit(0x3A7E_2, slot) - 1))
    }

    /// The annex restrooms' zone meter: 1.6 m³/h while a flush valve or tap runs, else nothing;
    /// the chance a 20-second period is running follows occupancy. `leakFrom` adds the demo leak.
    public func zoneWaterFlow(at ms: Int64, leakFrom: Int64? = nil) -> Double {
        let period = floorDiv(ms, Self.zonePeriodMs)
        let t = time(at: period * Self.zonePeriodMs)
        let chance = t.working && t.hour >= 7.5 && t.hour < 18.5 ? 0.35 : (t.hour >= 7 && t.hour < 20 ? 0.08 : 0.01)
        var flow = Noise.unit(0x20E_F10, period) < chance ? 1.6 : 0
        if let leakFrom, ms >= leakFrom { flow += Self.leakFlowM3h }
        return flow
    }

    // MARK: Integrals

    /// ∫ rate dt over `[from, to)` in rate-hours, for a rate constant over periods of `periodMs`.
    public static func integrate(from: Int64, to: Int64, periodMs: Int64, rate: (Int64) -> Double) -> Double {
        guard to > from else { return 0 }
        var total = 0.0
        var t = from
        while t < to {
            let end = min(to, (floorDiv(t, periodMs) + 1) * periodMs)
            total += rate(t) * Double(end - t) / Double(msPerHour)
            t = end
        }
        return total
    }
}

extension CityHall.Circuit {
    var hashSeed: Int {
        switch self {
        case .lighting: 1
        case .chiller: 2
        case .serverRoom: 3
        case .other: 4
        case .storage: 5
        }
    }
}
