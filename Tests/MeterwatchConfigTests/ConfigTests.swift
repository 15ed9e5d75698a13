import MeterwatchCore
import Testing

@testable import MeterwatchConfig

@Suite struct ConfigTests {
    let example = """
        site: { name: "Taipei City Hall", timezone: Asia/Taipei }
        storage: { path: meterwatch.sqlite, raw_retention_days: 730 }
        meters:
          - { id: hall-power, name: { en: "Main incomer", zh-TW: "市政大樓總用電" }, category: electricity, unit: kWh, tags: [main] }
          - { id: hall-water, name: { en: "Main water" }, category: water, unit: m3, tags: [main] }
        """

    @Test func parsesTheDocumentedExample() throws {
        let c = try SiteConfig.parse(yaml: example, file: "/etc/meterwatch/meterwatch.yaml")
        #expect(c.site.timeZone == "Asia/Taipei")
        #expect(c.storage.path == "/etc/meterwatch/meterwatch.sqlite")
        #expect(c.storage.rawRetentionDays == 730)
        #expect(c.meters.map(\.id) == ["hall-power", "hall-water"])
        #expect(c.meter(id: "hall-power")?.displayName(.zhTW) == "市政大樓總用電")
        #expect(c.meter(id: "hall-water")?.displayName(.zhTW) == "Main water")
        #expect(c.meter(id: "hall-water")?.mainQuantity == .volume)
    }

    func error(_ yaml: String) -> ConfigError? {
        do {
            _ = try SiteConfig.parse(yaml: yaml, file: "site.yaml")
            return nil
        } catch { return error }
    }

    @Test func errorsNameFileLineAndKey() throws {
        let badCategory = example.replacingOccurrences(of: "category: water", with: "category: gas")
        let e = try #require(error(badCategory))
        #expect(e.file == "site.yaml")
        #expect(e.line == 5)
        #expect(e.key == "meters[1].category")
        #expect(e.description.hasPrefix("site.yaml:5:"))
        #expect(e.message.contains("gas"))

        let typo = example.replacingOccurrences(of: "tags: [main] }\n  - { id: hall-water", with: "tag: [main] }\n  - { id: hall-water")
        let e2 = try #require(error(typo))
        #expect(e2.key == "meters[0].tag" && e2.line == 4 && e2.message.contains("unknown key"))

        let e3 = try #require(error(example.replacingOccurrences(of: "Asia/Taipei", with: "Asia/Taipai")))
        #expect(e3.key == "site.timezone" && e3.line == 1)

        let e4 = try #require(error(example + "\n  - { id: hall-power, category: electricity }"))
        #expect(e4.key == "meters[2]" && e4.message.contains("duplicate meter id"))

        let e5 = try #require(error("site: { timezone: UTC\nmeters: []"))
        #expect(e5.line != nil && e5.message.contains("YAML"))

        let e6 = try #require(error(example.replacingOccurrences(of: "unit: m3", with: "unit: kWh")))
        #expect(e6.key == "meters[1].unit")

        let e7 = try #require(error(example.replacingOccurrences(of: "raw_retention_days: 730", with: "raw_retention_days: soon")))
        #expect(e7.key == "storage.raw_retention_days" && e7.line == 2)
    }

    @Test func counterRulesAndKPIs() throws {
        let yaml = """
            site: { name: "Taipei City Hall", timezone: Asia/Taipei }
            meters:
              - id: hall-water
                category: water
                unit: m3
                counter: { rollover_at: 100000000, max_rate_per_hour: 5000 }
                max_gap: 2h
            kpis:
              - { id: budget-execution, name: { zh-TW: 預算執行率, en: Budget execution rate }, unit: "%", direction: higher, target: 95 }
              - id: electricity-saving
                target: 1
                derive: { compare: { category: electricity }, against: previous-year, value: reduction-percent }
            """
        let c = try SiteConfig.parse(yaml: yaml, file: "s.yaml")
        #expect(c.meter(id: "hall-water")?.counterRules == CounterRules(rolloverAt: 1e8, maxRatePerHour: 5000, maxGapMs: 2 * msPerHour))
        #expect(c.kpis.map(\.id) == ["budget-execution", "electricity-saving"])
        #expect(c.kpis[1].derive?.selection == .category(.electricity))
        #expect(c.kpis[0].capPercent == 100)
    }

    /// Unit ids 1–247, or 255 on TCP (a device answering for itself); 0 is broadcast and 248–254
    /// are reserved. libmodbus would refuse them and the read would go to the previous unit.
    @Test func unitIdsAreCheckedAgainstTheLink() throws {
        func site(_ link: String, _ unit: Int) -> String {
            """
            site: { timezone: Asia/Taipei }
            links:
              - { id: l, \(link) }
            meters:
              - { id: m, category: electricity, device: { profile: eastron-sdm630, link: l, unit: \(unit) } }
            """
        }
        for unit in [1, 247] {
            #expect(error(site(#"tcp: "127.0.0.1:502""#, unit)) == nil)
            #expect(error(site("rtu: /dev/ttyUSB0", unit)) == nil)
        }
        #expect(error(site(#"tcp: "127.0.0.1:502""#, 255)) == nil)
        for unit in [0, 248, 254, 256, -1] {
            let e = try #require(error(site(#"tcp: "127.0.0.1:502""#, unit)), "unit \(unit) on TCP")
            #expect(e.key == "meters[0].device.unit" && e.line == 5)
        }
        let rtu = try #require(error(site("rtu: /dev/ttyUSB0", 255)))
        #expect(rtu.message.contains("1…247 on a serial bus"))
    }

    @Test func plausibilityLimitsAreConfigurable() throws {
        let c = try SiteConfig.parse(
            yaml: example + """

                plausibility:
                  history_start: 2015-01-01
                  clock_skew: 2m
                  max_interval: 100d
                  ranges: { ups_load: [0, 150], temperature: { min: -20 } }
                """, file: "site.yaml")
        let limits = c.plausibility.limits(try LocalCalendar(timeZone: "Asia/Taipei"))
        #expect(limits.clockSkewMs == 120_000 && limits.maxIntervalMs == 100 * msPerDay)
        #expect(limits.ranges["ups_load"] == ValueRange(min: 0, max: 150) && limits.ranges[.temperature] == ValueRange(min: -20))
        let bad = try #require(error(example + "\nplausibility: { ranges: { ups_lod: [0, 1] } }"))
        #expect(bad.key == "plausibility.ranges.ups_lod" && bad.message.contains("unknown key"))
        #expect(error(example + "\nplausibility: { ranges: { ups_load: [5, 1] } }")?.message == "min must be below max")
        #expect(error(example + "\nplausibility: { clock_skew: 1e300d }") != nil)
    }

    @Test func theWorkCalendarIsTaiwansOrTheSitesOwn() throws {
        // Asia/Taipei: the government calendar (2026-10-09 is a bridge day for National Day).
        let taipei = try SiteConfig.parse(yaml: "site: { name: T, timezone: Asia/Taipei }\n", file: "t.yaml")
        #expect(taipei.site.workCalendar.kind == .taiwan)
        #expect(!taipei.site.workCalendar.isWorkingDay(CivilDate(year: 2026, month: 10, day: 10)))
        let paris = try SiteConfig.parse(
            yaml: "site: { name: P, timezone: Europe/Paris, work_calendar: { holidays: [2026-12-25, 115/12/31] } }\n", file: "p.yaml")
        #expect(paris.site.workCalendar.kind == .weekdays)
        #expect(!paris.site.workCalendar.isWorkingDay(CivilDate(year: 2026, month: 12, day: 25)))
        #expect(!paris.site.workCalendar.isWorkingDay(CivilDate(year: 2026, month: 12, day: 31)))
        #expect(paris.site.workCalendar.isWorkingDay(CivilDate(year: 2026, month: 12, day: 24)))
        let bad = try #require(error("site: { name: X, timezone: UTC, work_calendar: { kind: lunar } }\n"))
        #expect(bad.message.contains("taiwan or weekdays"))
        let badDay = try #require(error("site: { name: X, timezone: UTC, work_calendar: { holidays: [Christmas] } }\n"))
        #expect(badDay.message.contains("not a date"))
    }
}
