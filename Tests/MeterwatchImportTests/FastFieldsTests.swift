import Foundation
import MeterwatchCore
import Testing

@testable import MeterwatchImport

/// The byte parsers on the import's hot path agree with the general ones wherever they answer.
@Suite struct FastFieldsTests {
    @Test func numbersAgreeWithDouble() {
        let cases = [
            "0", "-0", "1", "12.5", "-12.5", "0.001", "374498.7", "123456789012345", "1234567890123456", ".5", "5.", "+3", "1e5", "1,234",
            "", "-", "0.0000000000000000000000001", "9007199254740993", "10.6731", "2.675", "0.1", "00012.50",
        ]
        for text in cases {
            let fast = FastFields.number(Array(text.utf8)[...])
            if let fast {
                #expect(fast.bitPattern == Double(text)?.bitPattern, "\(text): \(fast) vs \(String(describing: Double(text)))")
            }
        }
        // Shifted: the decimal digits divided once, as Double would read the shifted text.
        #expect(FastFields.number(Array("374498.7".utf8)[...], shift: 3) == Double("374.4987"))
        #expect(FastFields.number(Array("12".utf8)[...], shift: 3) == Double("0.012"))
    }

    @Test func instantsAgreeWithTimeParser() throws {
        for zone in ["Asia/Taipei", "America/New_York", "UTC"] {
            let calendar = try LocalCalendar(timeZone: zone)
            let parser = TimeParser(calendar: calendar)
            let cases = [
                "2024-01-01T00:00:00Z", "2024-01-01T00:00:00+08:00", "2024-01-01 08:30", "2024-1-2", "2024-01-01T23:59:59.5-05:00",
                "2024-02-29T12:00:00.123456Z", "2019-03-10T02:30:00", "2019-11-03T01:30:00", "2024-01-01T24:00", "2024-01-01T24:01",
                "2024-13-01", "2024-02-30", "2024-01-01T10:00+0530", "2024-01-01T10:00+05", "2024-01-01T10:00:00 ", "2024-01-01X",
            ]
            for text in cases {
                guard let fast = FastFields.instant(Array(text.utf8)[...], rules: calendar.rules) else { continue }
                #expect(fast == (try? parser.parseInstant(text)), "\(zone) \(text)")
            }
        }
    }
}
