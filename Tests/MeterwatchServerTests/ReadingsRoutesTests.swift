import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import MeterwatchServer

/// Many series in one answer, and raw readings, written by `ReadingsWriter`.
@Suite struct ReadingsRoutesTests {
    static let yaml = """
        site: { name: Test, timezone: Asia/Taipei }
        meters:
          - { id: a, category: electricity, unit: kWh, tags: [main] }
          - { id: b, category: electricity, unit: kWh }
          - { id: w, category: water, unit: m3 }
        """

    @Test func oneRequestAnswersForManySeries() async throws {
        let site = try ServerTestSite(Self.yaml)
        var csv = "meter,time,value\n"
        for h in 0...48 {
            let t = "2025-03-0\(1 + h / 24)T\(String(format: "%02d", h % 24)):00:00+08:00"
            csv += "a,\(t),\(Double(h) * 1.5)\nb,\(t),\(Double(h) * 2)\nw,\(t),\(Double(h) / 10)\n"
        }
        try site.importReadings(csv)
        try await site.test { client in
            try await client.execute(
                uri: "/api/v1/readings?category=electricity&from=2025-03-01&to=2025-03-03&resolution=day", method: .get
            ) {
                response in
                #expect(response.status == .ok)
                let body = try #require(JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                let series = try #require(body["series"] as? [[String: Any]])
                #expect(series.map { $0["meter"] as? String } == ["a", "b"])
                let points = try #require(series[0]["points"] as? [[String: Any]])
                #expect(points.count == 2 && points[0]["start"] as? String == "2025-03-01T00:00:00+08:00")
                #expect(points[0]["value"] as? Double == 36)  // 24 hours × 1.5 kWh
            }
            try await client.execute(uri: "/api/v1/readings?meter=a,w&from=2025-03-01&to=2025-03-01T03:00&resolution=raw", method: .get) {
                response in
                let body = try #require(JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                let series = try #require(body["series"] as? [[String: Any]])
                #expect(series.count == 2)
                #expect((series[1]["points"] as? [[String: Any]])?.map { $0["value"] as? Double } == [0, 0.1, 0.2])
            }
            for bad in [
                "/api/v1/readings?from=2025-03-01&to=2025-03-02", "/api/v1/readings?tag=main&category=water&from=2025-03-01&to=2025-03-02",
                "/api/v1/readings?meter=a&from=2025-03-02&to=2025-03-01",
            ] {
                try await client.execute(uri: bad, method: .get) { response in #expect(response.status == .badRequest, "\(bad)") }
            }
            try await client.execute(uri: "/api/v1/readings?meter=a,zz&from=2025-03-01&to=2025-03-02", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }
}
