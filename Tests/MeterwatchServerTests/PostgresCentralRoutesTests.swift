import Foundation
import Hummingbird
import HummingbirdTesting
import MeterwatchAlerts
import MeterwatchCore
import MeterwatchForward
import MeterwatchStore
import Testing

@testable import MeterwatchServer

/// A central serving from PostgreSQL (`storage.postgres`): forwarded batches land there, the API
/// and pages read them from there, cached answers notice the writes, KPI actuals are entered there,
/// and mistaken readings are deleted there.
@Suite struct PostgresCentralRoutesTests {
    func put(_ client: any TestClientProtocol, _ uri: String, token: String, _ body: String) async throws -> TestResponse {
        try await client.execute(
            uri: uri, method: .put, headers: [.contentType: "application/json", .authorization: "Bearer \(token)"],
            body: ByteBuffer(string: body))
    }

    @Test func forwardedBatchesAreStoredAndServedFromPostgreSQL() async throws {
        let site = try ServerTestSite(ForwardRoutesTests.yaml, now: "2026-03-01T10:00:00+08:00", postgres: true)
        let central = try #require(site.central)
        try await site.test { client in
            // Before anything arrives: the library has no use yet.
            let empty = try await client.execute(uri: "/api/v1/portfolio?period=2026-01", method: .get)
            #expect(empty.status == .ok)
            let post = { (body: String) in
                try await client.execute(
                    uri: "/api/v1/sites/library/forward", method: .post,
                    headers: [.contentType: "application/json", .authorization: "Bearer \(ForwardRoutesTests.libraryToken)"],
                    body: ByteBuffer(string: body))
            }
            let first = try await post(ForwardRoutesTests.good)
            #expect(first.status == .ok, "\(first.body)")
            #expect(
                try JSONDecoder().decode(ForwardReceipt.self, from: Data(buffer: first.body))
                    == ForwardReceipt(inserted: 102, updated: 0, unchanged: 0))
            let again = try await post(ForwardRoutesTests.good)
            #expect(
                try JSONDecoder().decode(ForwardReceipt.self, from: Data(buffer: again.body))
                    == ForwardReceipt(inserted: 0, updated: 0, unchanged: 102))

            // Served from the central: raw readings, and a portfolio that changed with the write.
            let raw = try await client.execute(
                uri: "/api/v1/meters/lib-power/readings?from=2026-01-01&to=2026-01-02&resolution=raw", method: .get)
            let points = try #require(
                (try JSONSerialization.jsonObject(with: Data(buffer: raw.body)) as? [String: Any])?["points"] as? [Any])
            #expect(points.count == 100)
            let after = try await client.execute(uri: "/api/v1/portfolio?period=2026-01", method: .get)
            #expect(after.status == .ok && after.body != empty.body, "the cached portfolio did not notice the forwarded batch")
            let library = try #require(
                ((try JSONSerialization.jsonObject(with: Data(buffer: after.body)) as? [String: Any])?["buildings"] as? [[String: Any]])?
                    .first { $0["site"] as? String == "library" })
            let current = ((library["comparison"] as? [String: Any])?["current"] as? [String: Any])?["value"] as? Double
            #expect(current == 99 * 0.25, "\(library)")

            // A mistaken reading deleted at the central: gone from PostgreSQL, its rollups recomputed.
            let delete = try await client.execute(
                uri: "/api/v1/meters/lib-power/readings?from=2026-01-01T01:00:00%2B08:00&to=2026-01-01T01:10:00%2B08:00", method: .delete,
                headers: [.authorization: "Bearer \(ForwardRoutesTests.adminToken)"])
            #expect(delete.status == .ok, "\(ForwardRoutesTests.detail(delete))")
            #expect(String(buffer: delete.body).contains("\"samples\":10"), "\(String(buffer: delete.body))")
        }
        // The readings are in PostgreSQL under the library, not in the server's own SQLite file.
        #expect(try central.rowsBySite(table: "sample") == ["library": 91])
        let power = try #require(try central.series(SeriesKey(meter: "lib-power", quantity: .energyImport)))
        let hour = try central.rollups(series: power.id, resolution: .hour, from: .min, to: .max)
        #expect(hour.map(\.count) == [60, 30], "\(hour)")
        #expect(try central.rowsBySite(table: "interval_total") == ["library": 1])
        #expect(try site.store.allSeries().isEmpty)
    }

    @Test func kpiActualsAreEnteredIntoTheCentral() async throws {
        let yaml = ForwardRoutesTests.yaml + "\nkpis:\n  - { id: saving, name: { en: Saving }, target: 95, unit: \"%\" }\n"
        let site = try ServerTestSite(yaml, now: "2026-03-01T10:00:00+08:00", postgres: true)
        let central = try #require(site.central)
        try await site.test { client in
            let r = try await put(client, "/api/v1/kpis/saving/actuals/2025", token: ForwardRoutesTests.adminToken, #"{"actual": 92.39}"#)
            #expect(r.status == .ok, "\(ForwardRoutesTests.detail(r))")
            let kpis = try await client.execute(uri: "/api/v1/kpis?period=2025", method: .get)
            #expect(String(buffer: kpis.body).contains("92.39"), "\(String(buffer: kpis.body))")
        }
        #expect(try central.kpiActual(kpi: "saving", period: "2025")?.actual == 92.39)
        #expect(try site.store.kpiActual(kpi: "saving", period: "2025") == nil)
    }

    /// A building's rule at a central on PostgreSQL watches that building's meters alone, and reads
    /// their forwarded readings from the database (its SQLite file never holds them).
    @Test func aCentralsRuleOnABuildingsMeterReadsPostgreSQL() async throws {
        let digest = TokenRegistry.hex(TokenRegistry.digest(ForwardRoutesTests.libraryToken))
        let yaml = """
            site: { name: Central, timezone: Asia/Taipei }
            server:
              tokens: [ { name: library-edge, sha256: \(digest), site: library } ]
            sites: [ { id: hall }, { id: library } ]
            meters:
              - { id: hall-water, site: hall, category: water }
              - { id: lib-water, site: library, category: water }
            alerts:
              rules:
                - { id: lib-burst, type: high_flow, site: library, threshold: 5, for: 0s }
            """
        let site = try ServerTestSite(yaml, now: "2026-03-01T10:00:00+08:00", postgres: true)
        #expect(site.config.alerts.rules.first?.meters == ["lib-water"] && site.config.alerts.rules.first?.site == "library")
        let now = Double(site.clock.nowMs())
        let burst = ForwardBatch(series: [
            ForwardSeries(
                meter: "lib-water", quantity: "flow_rate", kind: "gauge", unit: "m3/h",
                samples: (0..<5).map { [now - Double(5 - $0) * 60_000, 12] })
        ])
        try await site.test { client in
            let r = try await client.execute(
                uri: "/api/v1/sites/library/forward", method: .post,
                headers: [.contentType: "application/json", .authorization: "Bearer \(ForwardRoutesTests.libraryToken)"],
                body: ByteBuffer(string: ForwardRoutesTests.json(burst)))
            #expect(r.status == .ok, "\(r.text)")
        }
        let calendar = site.store.calendar
        let fileOnly = try AlertService(config: site.config, store: site.store, calendar: calendar, clock: site.clock)
        #expect(try fileOnly.evaluate().isEmpty)
        let alerts = try AlertService(config: site.config, store: site.store, central: site.central, calendar: calendar, clock: site.clock)
        let changes = try alerts.evaluate()
        #expect(changes.contains { $0.alert.meter == "lib-water" && $0.alert.state == .firing }, "\(changes)")
        #expect(try site.store.activeAlerts().map(\.rule) == ["lib-burst"])
    }
}
