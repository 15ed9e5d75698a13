import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import MeterwatchServer

/// Cached answers are reused only while nothing was written, and never outlive a write.
@Suite struct ResponseCacheTests {
    static let yaml = """
        site: { name: Test, timezone: Asia/Taipei }
        meters: [ { id: hall, category: electricity, unit: kWh } ]
        """

    @Test func aCachedComparisonIsNeverStalerThanTheLastWrite() async throws {
        let site = try ServerTestSite(Self.yaml)
        try site.importReadings("meter,time,value\nhall,2025-01-01,0\nhall,2025-07-01,100\nhall,2026-01-01,300\n")
        let path = "/api/v1/compare?meter=hall&period=2025H2"
        @Sendable func current(_ client: any TestClientProtocol) async throws -> Double? {
            try await client.execute(uri: path, method: .get) { response in
                let body = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                return ((body?["comparison"] as? [String: Any])?["current"] as? [String: Any])?["value"] as? Double
            }
        }
        try await site.test { client in
            let first = try await current(client)
            #expect(first == 200)
            let generation = try site.store.generation()
            let again = try await current(client)
            #expect(again == 200)
            #expect(try site.store.generation() == generation)  // a read writes nothing
            // Another writer (an import) changes the stored data: the next answer has it.
            try site.importReadings("meter,time,value\nhall,2026-01-01,350\n")
            #expect(try site.store.generation() != generation)
            let afterWrite = try await current(client)
            #expect(afterWrite == 250)
            // And the clock moving to the next quarter hour renders again (same data, same answer).
            site.clock.advance(ms: 15 * 60_000)
            let later = try await current(client)
            #expect(later == 250)
        }
    }
}
