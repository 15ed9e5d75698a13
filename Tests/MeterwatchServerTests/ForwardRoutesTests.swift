import Foundation
import Hummingbird
import HummingbirdTesting
import MeterwatchCore
import MeterwatchForward
import MeterwatchStore
import Testing

@testable import MeterwatchServer

/// The central's side of forwarding: `POST /api/v1/sites/{id}/forward` under a token bound to the
/// site; refusals name the JSON pointer; the same batch twice stores nothing new.
@Suite struct ForwardRoutesTests {
    static let libraryToken = "library-edge-token-0123456789"
    static let hallToken = "hall-edge-token-0123456789"
    static let adminToken = "facilities-token-0123456789"

    static var yaml: String {
        """
        site: { name: Central, timezone: Asia/Taipei }
        server:
          tokens:
            - { name: library-edge, sha256: \(TokenRegistry.hex(TokenRegistry.digest(libraryToken))), site: library }
            - { name: hall-edge, sha256: \(TokenRegistry.hex(TokenRegistry.digest(hallToken))), site: hall }
            - { name: facilities, sha256: \(TokenRegistry.hex(TokenRegistry.digest(adminToken))) }
        sites:
          - { id: hall, fleet: true }
          - { id: library }
        meters:
          - { id: hall-power, site: hall, category: electricity }
          - { id: lib-power, site: library, category: electricity }
          - { id: lib-bill, site: library, category: water }
        """
    }

    static func batch(_ series: [ForwardSeries]) -> String {
        String(decoding: try! JSONEncoder().encode(ForwardBatch(series: series)), as: UTF8.self)
    }

    static let t0 = 1_767_196_800_000.0  // 2026-01-01T00:00+08:00
    static let good = batch([
        ForwardSeries(
            meter: "lib-power", quantity: "energy_import", kind: "counter", unit: "kWh",
            samples: (0..<100).map { [t0 + Double($0) * 60_000, 1_000 + Double($0) * 0.25] }),
        ForwardSeries(
            meter: "lib-bill", quantity: "volume", kind: "interval_total", unit: "m3", intervals: [[t0, t0 + 31 * 86_400_000, 1_234]]),
        ForwardSeries(meter: "weather:466920", quantity: "temperature", kind: "gauge", unit: "degC", samples: [[t0, 17.5]]),
    ])

    func post(
        _ client: any TestClientProtocol, site: String = "library", token: String?, _ body: String,
        _ check: @escaping @Sendable (TestResponse) throws -> Void
    ) async throws {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        try await client.execute(
            uri: "/api/v1/sites/\(site)/forward", method: .post, headers: headers, body: ByteBuffer(string: body), testCallback: check)
    }

    @Test func aSiteTokenStoresItsBatchOnceHoweverOftenItIsSent() async throws {
        let site = try ServerTestSite(Self.yaml, now: "2026-03-01T10:00:00+08:00")
        try await site.test { client in
            try await post(client, token: Self.libraryToken, Self.good) { response in
                #expect(response.status == .ok, "\(response.text)")
                let receipt = try JSONDecoder().decode(ForwardReceipt.self, from: Data(buffer: response.body))
                #expect(receipt == ForwardReceipt(inserted: 102, updated: 0, unchanged: 0))
            }
            try await post(client, token: Self.libraryToken, Self.good) { response in
                let receipt = try JSONDecoder().decode(ForwardReceipt.self, from: Data(buffer: response.body))
                #expect(receipt == ForwardReceipt(inserted: 0, updated: 0, unchanged: 102))
            }
        }
        let power = try #require(try site.store.series(SeriesKey(meter: "lib-power", quantity: .energyImport)))
        #expect(try site.store.samples(series: power.id, from: .min, to: .max).count == 100)
    }

    static func detail(_ r: TestResponse) -> String {
        (try? JSONSerialization.jsonObject(with: Data(buffer: r.body)) as? [String: Any])?["detail"] as? String ?? ""
    }

    @Test func theCentralRefusesWhatTheTokenOrTheDataDoesNotAllow() async throws {
        let site = try ServerTestSite(Self.yaml, now: "2026-03-01T10:00:00+08:00")
        try await site.test { client in
            try await post(client, token: nil, Self.good) { #expect($0.status == .unauthorized) }
            // Another site's token, an unbound token, and a site's token on any other write.
            try await post(client, token: Self.hallToken, Self.good) { r in
                #expect(r.status == .forbidden && Self.detail(r).contains("forwards for site 'hall', not 'library'"), "\(Self.detail(r))")
            }
            try await post(client, token: Self.adminToken, Self.good) { r in
                #expect(r.status == .forbidden && Self.detail(r).contains("bound to the site"), "\(Self.detail(r))")
            }
            try await client.execute(
                uri: "/api/v1/import/readings", method: .post,
                headers: [.contentType: "text/csv", .authorization: "Bearer \(Self.libraryToken)"],
                body: ByteBuffer(string: "meter,time,value\nlib-power,2026-01-01T00:00:00+08:00,1\n")
            ) { #expect($0.status == .forbidden) }
            // A meter of another site, by its JSON pointer.
            let stolen = Self.batch([
                ForwardSeries(meter: "lib-power", quantity: "energy_import", kind: "counter", unit: "kWh", samples: [[Self.t0, 1]]),
                ForwardSeries(meter: "hall-power", quantity: "energy_import", kind: "counter", unit: "kWh", samples: [[Self.t0, 1]]),
            ])
            try await post(client, token: Self.libraryToken, stolen) { r in
                #expect(
                    r.status == .forbidden && Self.detail(r).hasPrefix("/series/1/meter: meter 'hall-power' is in site 'hall'"),
                    "\(Self.detail(r))")
            }
            // The fleet is the hall's; an unknown meter; a mistyped year; a wrong unit; a broken shape.
            let cases: [(ForwardSeries, HTTPResponse.Status, String)] = [
                (
                    ForwardSeries(meter: "vehicle:RAA-1001", quantity: "fuel_volume", kind: "interval_total", unit: "L", intervals: []),
                    .forbidden, "/series/0/meter: the fleet's fuel log is not kept by 'library'"
                ),
                (
                    ForwardSeries(meter: "lib-gas", quantity: "volume", kind: "counter", unit: "m3", samples: []), .unprocessableContent,
                    "/series/0/meter: unknown meter 'lib-gas'"
                ),
                (
                    ForwardSeries(
                        meter: "lib-power", quantity: "energy_import", kind: "counter", unit: "kWh",
                        samples: [[Self.t0, 1], [Self.t0 + 476 * 365.25 * 86_400_000, 2]]), .unprocessableContent,
                    "/series/0/samples/1: 2502-"
                ),
                (
                    ForwardSeries(meter: "lib-power", quantity: "energy_import", kind: "counter", unit: "Wh", samples: [[Self.t0, 1]]),
                    .unprocessableContent, "/series/0/unit: energy_import is stored in kWh"
                ),
                (
                    ForwardSeries(
                        meter: "lib-power", quantity: "energy_import", kind: "counter", unit: "kWh", samples: [[Self.t0 + 0.5, 1]]),
                    .unprocessableContent, "/series/0/samples/0: expected [milliseconds, value]"
                ),
            ]
            for (series, status, message) in cases {
                try await post(client, token: Self.libraryToken, Self.batch([series])) { r in
                    #expect(r.status == status && Self.detail(r).hasPrefix(message), "\(Self.detail(r))")
                }
            }
            try await post(client, token: Self.libraryToken, #"{"series": [{"meter": "lib-power", "kind": 3}]}"#) { r in
                #expect(r.status == .badRequest && Self.detail(r).contains("/series/0/"), "\(Self.detail(r))")
            }
            // Another site's path, even one that does not exist, is refused before anything is looked up.
            try await post(client, site: "annex", token: Self.libraryToken, Self.good) { #expect($0.status == .forbidden) }
        }
        // Nothing of the refused batches was stored.
        #expect(try site.store.allSeries().isEmpty)
    }

    /// An edge's alerts join the central's list under their building, each history entry once; an
    /// alert on another building's meter is refused by its JSON pointer.
    @Test func anEdgesAlertsAreListedAtTheCentral() async throws {
        let site = try ServerTestSite(Self.yaml, now: "2026-03-01T10:00:00+08:00")
        var leak = StoredAlert(
            id: 7, rule: "night-flow", subject: "lib-power", meter: "lib-power", type: "night_flow", severity: .critical,
            state: .firing, startedAtMs: Int64(Self.t0), updatedAtMs: Int64(Self.t0) + 600_000, value: 0.5, threshold: 0.1,
            unit: "m³/h", messageEN: "Suspected leak", messageZH: "疑似漏水")
        leak.firedAtMs = Int64(Self.t0) + 600_000
        let events = [
            ForwardAlertEvent(id: 30, atMs: Int64(Self.t0), event: "pending", value: 0.5, note: nil),
            ForwardAlertEvent(id: 31, atMs: Int64(Self.t0) + 600_000, event: "firing", value: 0.5, note: nil),
        ]
        let body = String(
            decoding: try JSONEncoder().encode(ForwardBatch(alerts: [ForwardAlert(alert: leak, events: events)])), as: UTF8.self)
        var stolen = leak
        stolen.meter = "hall-power"
        let refused = String(
            decoding: try JSONEncoder().encode(ForwardBatch(alerts: [ForwardAlert(alert: stolen, events: events)])), as: UTF8.self)
        try await site.test { client in
            for _ in 0..<2 {
                try await post(client, token: Self.libraryToken, body) { #expect($0.status == .ok, "\(Self.detail($0))") }
            }
            try await client.execute(uri: "/api/v1/alerts?site=library", method: .get) { response in
                let list = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [[String: Any]])
                #expect(list.count == 1 && list.first?["rule"] as? String == "library/night-flow", "\(list)")
                #expect(list.first?["state"] as? String == "firing")
            }
            try await client.execute(uri: "/api/v1/alerts?site=hall", method: .get) { response in
                let list = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [Any]
                #expect(list?.isEmpty == true)
            }
            try await post(client, token: Self.libraryToken, refused) { r in
                #expect(
                    r.status == .forbidden && Self.detail(r).hasPrefix("/alerts/0/alert/meter: meter 'hall-power'"), "\(Self.detail(r))")
            }
        }
        let kept = try #require(try site.store.alerts().first)
        #expect(try site.store.alertEvents(alert: kept.id).map(\.event) == ["pending", "firing"])
        // The central notifies nobody: the edge did.
        #expect(try site.store.deliveries().isEmpty)
    }

    static func json(_ batch: ForwardBatch) -> String { String(decoding: try! JSONEncoder().encode(batch), as: UTF8.self) }

    /// An edge's fuel log rows, deletions and device health: kept by the building they belong to,
    /// each once; refused by their JSON pointer when another building's or implausible.
    @Test func anEdgesFuelLogDeletionsAndDevicesAreCheckedAndKept() async throws {
        let yaml = Self.yaml.replacingOccurrences(
            of: "- { id: hall, fleet: true }\n  - { id: library }", with: "- { id: hall }\n  - { id: library, fleet: true }")
        let site = try ServerTestSite(yaml, now: "2026-03-01T10:00:00+08:00")
        let day = CivilDate(year: 2026, month: 2, day: 3)
        let refuel = ForwardRefuel(id: 4, refuel: Refuel(day: day, vehicle: "RAA-1001", fuel: .petrol, litres: 38.5, amount: 1_155))
        var health = DeviceHealth(meter: "lib-power", profile: "schneider-pm5560", link: "rs485", unit: 3, state: .offline)
        health.errors = ["timeout": 3]
        let device = ForwardDevice(health: health, updatedAtMs: Int64(Self.t0) + 86_400_000)
        let deletion = ForwardDeletion(
            meter: "lib-power", quantity: "energy_import", fromMs: Int64(Self.t0), toMs: Int64(Self.t0) + 600_000)
        var hallDevice = device
        hallDevice.health.meter = "hall-power"
        var bus = refuel
        bus.refuel.litres = 4_000
        var future = device
        future.updatedAtMs = Int64(Self.t0) + 476 * 365 * 86_400_000
        let refusals: [(ForwardBatch, HTTPResponse.Status, String)] = [
            (ForwardBatch(refuels: [bus]), .unprocessableContent, "/refuels/0/refuel/litres: 4000.0 litres is outside"),
            (
                {
                    var b = ForwardBatch()
                    b.edge = "../etc"
                    return b
                }(), .unprocessableContent, "/edge: not a store id"
            ),
            (ForwardBatch(devices: [hallDevice]), .forbidden, "/devices/0/health/meter: meter 'hall-power' is in site 'hall'"),
            (ForwardBatch(devices: [future]), .unprocessableContent, "/devices/0/updatedAtMs: 2501-"),
            (
                ForwardBatch(deletions: [ForwardDeletion(meter: "hall-power", quantity: "energy_import", fromMs: 0, toMs: 1)]),
                .forbidden, "/deletions/0/meter: meter 'hall-power' is in site 'hall'"
            ),
            (
                ForwardBatch(deletions: [ForwardDeletion(meter: "lib-power", quantity: "energy_import", fromMs: 5, toMs: 5)]),
                .unprocessableContent, "/deletions/0/toMs: the deletion's end must be after its start"
            ),
        ]
        try await site.test { client in
            try await post(client, token: Self.libraryToken, Self.good) { #expect($0.status == .ok) }
            for (batch, status, message) in refusals {
                try await post(client, token: Self.libraryToken, Self.json(batch)) { r in
                    #expect(r.status == status && Self.detail(r).hasPrefix(message), "\(Self.detail(r))")
                }
            }
            // The hall does not keep the fleet.
            try await post(client, site: "hall", token: Self.hallToken, Self.json(ForwardBatch(refuels: [refuel]))) { r in
                #expect(r.status == .forbidden && Self.detail(r).hasPrefix("/refuels/0/refuel: the fleet's fuel log"), "\(Self.detail(r))")
            }
            let batch = Self.json(ForwardBatch(deletions: [deletion], refuels: [refuel], devices: [device]))
            try await post(client, token: Self.libraryToken, batch) { r in
                let receipt = try JSONDecoder().decode(ForwardReceipt.self, from: Data(buffer: r.body))
                #expect(receipt == ForwardReceipt(inserted: 0, updated: 0, unchanged: 0, deleted: 10, refuels: 1), "\(r.text)")
            }
            try await post(client, token: Self.libraryToken, batch) { r in
                let receipt = try JSONDecoder().decode(ForwardReceipt.self, from: Data(buffer: r.body))
                #expect(receipt == ForwardReceipt(inserted: 0, updated: 0, unchanged: 0, deleted: 0, refuels: 0), "\(r.text)")
            }
            try await client.execute(uri: "/devices?lang=zh-TW", method: .get) { r in
                #expect(r.status == .ok)
                #expect(r.text.contains("<th>lib-power</th><td>library</td>") && r.text.contains("建築物回傳時間"), "\(r.text)")
                #expect(r.text.contains("timeout 3") && r.text.contains("離線"))
            }
            // Five minutes without a word from the library: its device is not reported, its counters kept.
            site.clock.advance(ms: 5 * 60_000 + 1)
            try await client.execute(uri: "/api/v1/devices", method: .get) { r in
                let rows = try #require(try JSONSerialization.jsonObject(with: Data(buffer: r.body)) as? [[String: Any]])
                let row = try #require(rows.first { $0["meter"] as? String == "lib-power" })
                #expect(row["state"] as? String == "not reported" && (row["errors"] as? [String: Int]) == ["timeout": 3], "\(row)")
            }
            var unreported = device
            unreported.health.state = .unreported
            try await post(client, token: Self.libraryToken, Self.json(ForwardBatch(devices: [unreported]))) { r in
                #expect(r.status == .unprocessableContent && Self.detail(r).hasPrefix("/devices/0/health/state"), "\(Self.detail(r))")
            }
        }
        let power = try #require(try site.store.series(SeriesKey(meter: "lib-power", quantity: .energyImport)))
        #expect(try site.store.samples(series: power.id, from: .min, to: .max).count == 90)
        #expect(try site.store.refuels(from: day, to: day.adding(days: 1)) == [refuel.refuel])
    }

    /// An edge's Devices page and `/metrics` say how far behind its central is.
    @Test func anEdgeShowsHowFarBehindItsCentralIs() async throws {
        let tokenFile = NSTemporaryDirectory() + "mw-token-\(UUID().uuidString)"
        try Self.libraryToken.write(toFile: tokenFile, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: tokenFile) }
        let site = try ServerTestSite(
            """
            site: { name: Library, timezone: Asia/Taipei }
            forward: { to: "http://127.0.0.1:9", site: library, token_file: \(tokenFile) }
            meters: [ { id: lib-power, category: electricity } ]
            """, now: "2026-01-01T01:00:00+08:00")
        try site.importReadings("meter,time,value\nlib-power,2026-01-01T00:00:00+08:00,1\nlib-power,2026-01-01T00:30:00+08:00,2\n")
        try site.store.enableForwarding()
        try site.importReadings("meter,time,value\nlib-power,2026-01-01T00:45:00+08:00,3\n")
        try await site.test { client in
            try await client.execute(uri: "/devices?lang=zh-TW", method: .get) { response in
                #expect(response.text.contains("資料轉送至中央站 http://127.0.0.1:9（場域 library）"))
                #expect(response.text.contains("尚有 2 筆寫入未獲確認"), "\(response.text)")
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.text.contains("meterwatch_forward_pending_changes 2"), "\(response.text)")
                #expect(response.text.contains("meterwatch_forward_lag_seconds"))
            }
        }
    }
}
