import Crypto
import Foundation
import MeterwatchAlerts
import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore
import Testing

/// The lifecycle in the store: restarts, acknowledgement, the outbox, signatures, templates and
/// configuration errors.
@Suite struct AlertStateTests {
    static let burstRule = """
          webhooks:
            - { id: ops, url: "http://127.0.0.1:9/hook", secret_env: HOOK_SECRET }
          rules:
            - { id: burst, type: high_flow, meters: [water-main], threshold: 15, for: 1m, clear_for: 1m, repeat: 5m }
        """

    @Test func stateSurvivesRestartsAndNotifiesEachTransitionOnce() throws {
        let site = try AlertSite(alerts: Self.burstRule)
        let t0 = try site.local("2026-03-02T10:00")
        // 20 m³/h for 20 minutes, then 2 m³/h.
        try site.write("water-main", .flowRate, (0..<40).map { Sample(ms: t0 + Int64($0) * 60_000, value: $0 < 20 ? 20 : 2) })

        // Each evaluation by a fresh service, as after a restart: state comes from the store only.
        func evaluate(_ minute: Int64) throws -> [AlertChange] {
            try AlertService(config: site.config, store: site.store, calendar: site.calendar).evaluate(at: t0 + minute * 60_000)
        }
        #expect(try evaluate(0).compactMap(\.event?.rawValue) == ["pending"])
        #expect(try evaluate(1).compactMap(\.event?.rawValue) == ["firing"])
        #expect(try evaluate(2).compactMap(\.event?.rawValue) == [])
        #expect(try site.store.deliveries().count == 1)
        #expect(try evaluate(6).compactMap(\.event?.rawValue) == ["repeat"])
        let id = try #require(try site.store.activeAlerts().first?.id)
        try site.store.acknowledgeAlert(id: id, by: "Chen", comment: "valve closed", atMs: t0 + 7 * 60_000)
        #expect(try evaluate(12).compactMap(\.event?.rawValue) == [])  // acknowledged: no repeat
        #expect(try evaluate(20).compactMap(\.event?.rawValue) == [])  // clear timer starts
        #expect(try evaluate(21).compactMap(\.event?.rawValue) == ["resolved"])  // resolution is still notified

        let alert = try #require(try site.store.alert(id: id))
        #expect(alert.state == .resolved)
        #expect(alert.ackedBy == "Chen" && alert.ackComment == "valve closed")
        let deliveries = try site.store.deliveries(alert: id)
        #expect(deliveries.map(\.event) == ["firing", "repeat", "resolved"])
        #expect(try site.store.alertEvents(alert: id).map(\.event) == ["pending", "firing", "repeat", "acknowledged", "resolved"])
        #expect(throws: AlertStoreError.self) { try site.store.acknowledgeAlert(id: id, by: "Chen", comment: nil, atMs: t0) }

        // The body names the alert, both languages and a link; the signature is HMAC-SHA256 of it.
        let body = try #require(try JSONSerialization.jsonObject(with: Data(deliveries[0].body.utf8)) as? [String: Any])
        #expect(body["event"] as? String == "firing")
        let a = try #require(body["alert"] as? [String: Any])
        #expect(a["rule"] as? String == "burst" && a["subject"] as? String == "water-main" && a["value"] as? Double == 20)
        #expect((body["message"] as? [String: String])?["zh-TW"]?.contains("管線破裂") == true)
        #expect((body["links"] as? [String: String])?["api"] == "http://127.0.0.1:8080/api/v1/alerts/\(id)")
        let mac = HMAC<SHA256>.authenticationCode(for: Data(deliveries[0].body.utf8), using: SymmetricKey(data: Data("s3cret".utf8)))
        let expected = "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
        #expect(WebhookSignature.sign(body: deliveries[0].body, secret: "s3cret") == expected)
        #expect(WebhookSignature.verify(body: deliveries[0].body, secret: "s3cret", signature: expected))
        #expect(!WebhookSignature.verify(body: deliveries[0].body + " ", secret: "s3cret", signature: expected))
    }

    @Test func failedDeliveriesAreRetriedWithBackoffThenGivenUp() async throws {
        let site = try AlertSite(
            alerts: """
                  webhooks:
                    - { id: nowhere, url: "http://127.0.0.1:9/hook", max_attempts: 2, timeout: 2s }
                  rules:
                    - { id: burst, type: high_flow, meters: [water-main], threshold: 15, for: 0s }
                """)
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        try site.write("water-main", .flowRate, [Sample(ms: now - 1000, value: 30)])
        let service = try AlertService(config: site.config, store: site.store, calendar: site.calendar)
        #expect(try service.evaluate(at: now).compactMap(\.event?.rawValue) == ["firing"])
        let clock = ManualClock(nowMs: now)
        let deliverer = WebhookDeliverer(store: site.store, webhooks: site.config.alerts.webhooks, clock: clock)
        #expect(await deliverer.deliverDue() == 0)  // port 9: connection refused
        var d = try #require(try site.store.deliveries().first)
        #expect(d.status == .pending && d.attempts == 1 && d.lastError != nil)
        #expect(d.nextAttemptAtMs >= now + 5_000)
        #expect(try site.store.dueDeliveries(nowMs: now).isEmpty)  // not before its backoff
        clock.advance(ms: d.nextAttemptAtMs - now)
        await deliverer.deliverDue()
        d = try #require(try site.store.deliveries().first)
        #expect(d.status == .failed && d.attempts == 2)
        #expect(WebhookDeliverer.backoffMs(afterAttempts: 1) == 5_000)
        #expect(WebhookDeliverer.backoffMs(afterAttempts: 3) == 20_000)
        #expect(WebhookDeliverer.backoffMs(afterAttempts: 30) == 600_000)
    }

    @Test func slackTemplateFillsIntoValidJSON() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../Dashboards/notifications/slack.json"
        ).standardized.path
        let site = try AlertSite(
            alerts: """
                  webhooks:
                    - { id: slack, url: "https://hooks.example.com/T000/B000", template: "\(path)" }
                  rules:
                    - { id: burst, type: high_flow, meters: [water-main], threshold: 15 }
                """)
        let calendar = site.calendar
        let message = WebhookMessage(siteName: "Taipei \"City\" Hall", baseURL: "http://mw.local", calendar: calendar)
        let template = try message.validateTemplate(path: path)
        var a = StoredAlert(
            id: 7, rule: "burst", subject: "water-main", meter: "water-main", type: "high_flow", severity: .critical, state: .firing,
            startedAtMs: 0, updatedAtMs: 0, value: 27.5, threshold: 15, unit: "m3/h", messageEN: "Flow 27.50 m³/h\nabove 15",
            messageZH: "流量超過")
        a.firedAtMs = 0
        let filled = try WebhookMessage.fill(template, values: message.templateValues(AlertChange(alert: a, event: .firing, atMs: 0)))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(filled.utf8)) as? [String: Any])
        #expect((json["text"] as? String)?.contains("Taipei \"City\" Hall: Flow 27.50 m³/h\nabove 15") == true)
        #expect(filled.contains("<http://mw.local/alerts#alert-7|alert 7>"))
        #expect(throws: WebhookMessage.TemplateError.self) { try WebhookMessage.fill("{\"a\": \"{{nope}}\"}", values: [:]) }
    }

    @Test func ruleErrorsNameTheirPlace() throws {
        func error(_ alerts: String) -> String {
            do {
                _ = try AlertSite(alerts: alerts)
                return "no error"
            } catch { return "\(error)" }
        }
        #expect(error("  rules:\n    - { id: x, type: night_flo }").contains("unknown rule type 'night_flo'"))
        #expect(error("  rules:\n    - { id: x, type: high_flow, threshold: 5, meters: [nope] }").contains("unknown meter 'nope'"))
        #expect(error("  rules:\n    - { id: x, type: high_flow, threshold: 5, meters: [hall-power] }").contains("watches water meters"))
        #expect(error("  rules:\n    - { id: x, type: night_flow, threshold: 0.2, window: '1am' }").contains("01:00-04:00"))
        #expect(error("  rules:\n    - { id: x, type: ups, flags: [OB, LOWBAT] }").contains("unknown UPS flag 'LOWBAT'"))
        #expect(error("  rules:\n    - { id: x, type: high_flow }").contains("missing threshold"))
        #expect(error("  rules:\n    - { id: x, type: high_flow, threshold: 5, treshold: 4 }").contains("unknown key"))
        #expect(error("  webhooks:\n    - { id: w, url: 'ftp://x' }").contains("http://"))
        #expect(
            error("  webhooks:\n    - { id: w, url: 'http://x', secret_env: NOT_SET_ANYWHERE }").contains("NOT_SET_ANYWHERE is not set"))
        #expect(error("  rules:\n    - { id: x, type: demand, contract_kw: 500, interval: 7m }").contains("whole intervals"))
        let e = error("  rules:\n    - { id: x, type: high_flow, threshold: 5 }\n    - { id: x, type: high_flow, threshold: 6 }")
        #expect(e.contains("duplicate rule id 'x'") && e.contains("meterwatch.yaml:"))
        // Without meters or tags a rule watches every meter it applies to.
        let site = try AlertSite(alerts: "  rules:\n    - { id: w, type: night_flow, threshold: 0.2 }\n    - { id: u, type: ups }")
        #expect(site.config.alerts.rules.map(\.meters) == [["water-main"], ["ups-1"]])
        #expect(site.config.alerts.rules[1].severity == .critical && site.config.alerts.rules[1].holdOffMs == 30_000)
    }
}
