import Crypto
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import MeterwatchServer

/// One mapping from typed errors to statuses and problem types, worded for API users.
@Suite struct ProblemMappingTests {
    static let yaml = """
        site: { name: Test, timezone: Asia/Taipei }
        meters:
          - { id: hall, category: electricity, unit: kWh }
        """

    func problem(_ response: TestResponse) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
    }

    @Test func anUnknownMeterIs404EverywhereABadPeriod400() async throws {
        let site = try ServerTestSite(Self.yaml)
        try site.importReadings("meter,time,value\nhall,2025-01-01,0\nhall,2025-06-01,100\n")
        try await site.test { client in
            for path in [
                "/api/v1/compare?meter=nope&period=2025", "/api/v1/latest?meter=nope", "/api/v1/meters/nope",
                "/api/v1/savings?meter=nope&baseline=2024&reporting=2025",
            ] {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .notFound, "\(path)")
                    #expect(response.headers[.contentType] == "application/problem+json")
                }
            }
            try await client.execute(uri: "/api/v1/compare?meter=nope&period=2025", method: .get) { response in
                let p = try problem(response)
                #expect(p["type"] as? String == "urn:meterwatch:problem:not-found")
                #expect((p["detail"] as? String)?.contains("nope") == true)
            }
            try await client.execute(uri: "/api/v1/compare?meter=hall&period=2025Q5", method: .get) { response in
                #expect(response.status == .badRequest)
            }
            // No temperatures stored: the data cannot answer (422), and the advice names no command-line option.
            try await client.execute(uri: "/api/v1/savings?meter=hall&baseline=2024&reporting=2025", method: .get) { response in
                #expect(response.status == .unprocessableContent)
                let p = try problem(response)
                #expect(p["type"] as? String == "urn:meterwatch:problem:insufficient-data")
                #expect((p["detail"] as? String)?.contains("--") == false)
            }
        }
    }

    @Test func aComparisonInProgressIsToDateAndSaysSo() async throws {
        // 26 November 2026, 10:30: the year is running.
        let site = try ServerTestSite(Self.yaml, now: "2026-11-26T10:30:00+08:00")
        try site.importReadings("meter,time,value\nhall,2025-01-01,0\nhall,2026-01-01,3650\nhall,2026-11-26T10:00:00+08:00,7000\n")
        try await site.test { client in
            try await client.execute(uri: "/api/v1/compare?meter=hall&period=2026&lang=zh-TW", method: .get) { response in
                #expect(response.status == .ok)
                let body = try #require(JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                let comparison = try #require(body["comparison"] as? [String: Any])
                #expect(comparison["basis"] as? String == "to_date")
                #expect(comparison["in_progress"] as? Bool == true)
                let current = try #require(comparison["current"] as? [String: Any])
                let baseline = try #require(comparison["baseline"] as? [String: Any])
                // The readings end at 10:00: both sides run to then, not to the clock's 10:30.
                #expect(current["end"] as? String == "2026-11-26T10:00:00+08:00")
                #expect(baseline["end"] as? String == "2025-11-26T10:00:00+08:00")
                #expect((baseline["label"] as? String)?.contains("114年同期") == true)
            }
        }
    }

    @Test func theReportIsStyledUnderTheContentSecurityPolicy() async throws {
        let site = try ServerTestSite(Self.yaml)
        try site.importReadings("meter,time,value\nhall,2024-01-01,0\nhall,2025-01-01,1000\nhall,2026-01-01,1900\n")
        try await site.test { client in
            try await client.execute(uri: "/api/v1/reports?period=2025&format=html&lang=zh-TW", method: .get) { response in
                #expect(response.status == .ok)
                let html = response.text
                let policy = try #require(response.headers[.contentSecurityPolicy])
                #expect(!policy.contains("unsafe-inline"))
                #expect(policy.contains("script-src 'self'"))
                // The inline stylesheet is allowed by its hash, so the browser applies it.
                let start = try #require(html.range(of: "<style>"))
                let end = try #require(html.range(of: "</style>"))
                let style = String(html[start.upperBound..<end.lowerBound])
                #expect(!style.isEmpty)
                let hash = "'sha256-\(Data(SHA256.hash(data: Data(style.utf8))).base64EncodedString())'"
                #expect(policy.contains(hash))
                #expect(html.contains("<th>項目</th>"))
            }
            try await client.execute(uri: "/reports?period=2025", method: .get) { response in
                // The print button is a script asset, not inline code.
                #expect(response.text.contains("<script src=\"/assets/print.js\""))
                #expect(!response.text.contains("onclick"))
            }
        }
    }
}
