/// Working days of Taiwan's government offices, after the calendar the Directorate-General of
/// Personnel Administration (行政院人事行政總處) publishes each year: weekends and public holidays
/// (with their observed and bridge days) are off, make-up Saturdays (補班) are worked.
///
/// Covers 2024–2027 (`coveredYears`); outside them only weekends are off. From 2025 the
/// restored holidays (Teacher's Day, Retrocession Day, Constitution Day, Labour Day for civil
/// servants) are included.
public enum TaiwanWorkCalendar {
    public static let coveredYears = 2024...2027

    /// Whether government offices work on `date`.
    public static func isWorkingDay(_ date: CivilDate) -> Bool {
        if makeUpWorkdays.contains(date) { return true }
        if holidays[date] != nil { return false }
        return date.isoWeekday <= 5
    }

    /// The holiday's name in zh-TW and English, when `date` is a public holiday (or its observed day).
    public static func holiday(_ date: CivilDate) -> (zh: String, en: String)? { holidays[date] }

    static let makeUpWorkdays: Set<CivilDate> = [
        CivilDate(year: 2025, month: 2, day: 8)
    ]

    static let holidays: [CivilDate: (zh: String, en: String)] = {
        var h: [CivilDate: (zh: String, en: String)] = [:]
        func add(_ y: Int, _ m: Int, _ days: ClosedRange<Int>, _ zh: String, _ en: String) {
            for d in days { h[CivilDate(year: y, month: m, day: d)] = (zh, en) }
        }
        let newYear = ("開國紀念日", "Founding Day")
        let lunar = ("春節", "Lunar New Year")
        let peace = ("和平紀念日", "Peace Memorial Day")
        let spring = ("兒童節及民族掃墓節", "Children's Day and Tomb Sweeping Day")
        let labour = ("勞動節", "Labour Day")
        let dragon = ("端午節", "Dragon Boat Festival")
        let moon = ("中秋節", "Mid-Autumn Festival")
        let teacher = ("教師節", "Teacher's Day")
        let national = ("國慶日", "National Day")
        let retro = ("臺灣光復暨金門古寧頭大捷紀念日", "Retrocession Day")
        let constitution = ("行憲紀念日", "Constitution Day")
        // 2024 (民國113年)
        add(2024, 1, 1...1, newYear.0, newYear.1)
        add(2024, 2, 8...14, lunar.0, lunar.1)
        add(2024, 2, 28...28, peace.0, peace.1)
        add(2024, 4, 4...5, spring.0, spring.1)
        add(2024, 6, 10...10, dragon.0, dragon.1)
        add(2024, 9, 17...17, moon.0, moon.1)
        add(2024, 10, 10...10, national.0, national.1)
        // 2025 (民國114年)
        add(2025, 1, 1...1, newYear.0, newYear.1)
        add(2025, 1, 27...31, lunar.0, lunar.1)
        add(2025, 2, 28...28, peace.0, peace.1)
        add(2025, 4, 3...4, spring.0, spring.1)
        add(2025, 5, 1...1, labour.0, labour.1)
        add(2025, 5, 30...30, dragon.0, dragon.1)
        add(2025, 9, 29...29, teacher.0, teacher.1)
        add(2025, 10, 6...6, moon.0, moon.1)
        add(2025, 10, 10...10, national.0, national.1)
        add(2025, 10, 24...24, retro.0, retro.1)
        add(2025, 12, 25...25, constitution.0, constitution.1)
        // 2026 (民國115年)
        add(2026, 1, 1...1, newYear.0, newYear.1)
        add(2026, 2, 16...20, lunar.0, lunar.1)
        add(2026, 2, 27...27, peace.0, peace.1)
        add(2026, 4, 3...3, spring.0, spring.1)
        add(2026, 4, 6...6, spring.0, spring.1)
        add(2026, 5, 1...1, labour.0, labour.1)
        add(2026, 6, 19...19, dragon.0, dragon.1)
        add(2026, 9, 25...25, moon.0, moon.1)
        add(2026, 9, 28...28, teacher.0, teacher.1)
        add(2026, 10, 9...9, national.0, national.1)
        add(2026, 10, 26...26, retro.0, retro.1)
        add(2026, 12, 25...25, constitution.0, constitution.1)
        // 2027 (民國116年), as announced in outline: the working-day counts may shift by a bridge day.
        add(2027, 1, 1...1, newYear.0, newYear.1)
        add(2027, 2, 5...5, lunar.0, lunar.1)
        add(2027, 2, 8...10, lunar.0, lunar.1)
        add(2027, 3, 1...1, peace.0, peace.1)
        add(2027, 4, 5...5, spring.0, spring.1)
        add(2027, 4, 6...6, spring.0, spring.1)
        add(2027, 6, 9...9, dragon.0, dragon.1)
        add(2027, 9, 15...15, moon.0, moon.1)
        add(2027, 9, 28...28, teacher.0, teacher.1)
        add(2027, 10, 11...11, national.0, national.1)
        add(2027, 10, 25...25, retro.0, retro.1)
        add(2027, 12, 24...24, constitution.0, constitution.1)
        return h
    }()
}
