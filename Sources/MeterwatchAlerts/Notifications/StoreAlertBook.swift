import Foundation
import Logging
import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore
import Synchronization

/// Alert state in the store. Each commit writes the alert, its history entry and one outbox row
/// per webhook in one transaction; `WebhookDeliverer` sends the outbox.
public final class StoreAlertBook: AlertBook, Sendable {
    let store: MeterStore
    let rules: [String: AlertRule]
    let webhooks: [WebhookConfig]
    let message: WebhookMessage
    let templates: [String: String]
    let logger: Logger

    /// Fails when a webhook's body template does not fill into valid JSON.
    public init(store: MeterStore, config: SiteConfig, calendar: LocalCalendar, logger: Logger = Logger(label: "meterwatch.alerts")) throws
    {
        self.store = store
        self.rules = Dictionary(config.alerts.rules.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        self.webhooks = config.alerts.webhooks
        self.message = WebhookMessage(
            siteName: config.site.name.text(.en) ?? "Meterwatch", baseURL: config.alerts.baseURL, calendar: calendar)
        var templates: [String: String] = [:]
        for w in config.alerts.webhooks { if let p = w.templatePath { templates[w.id] = try message.validateTemplate(path: p) } }
        self.templates = templates
        self.logger = logger
    }

    public func activeAlerts() throws -> [StoredAlert] { try store.activeAlerts() }

    public func commit(_ changes: [AlertChange]) throws -> [AlertChange] {
        let stored = try store.commitAlertChanges(changes) { change in
            guard let event = change.event, AlertLifecycle.notifiedEvents.contains(event), let rule = self.rules[change.alert.rule] else {
                return []
            }
            return self.webhooks.filter { rule.notify?.contains($0.id) ?? true }.map { hook in
                let body =
                    self.templates[hook.id].flatMap { try? WebhookMessage.fill($0, values: self.message.templateValues(change)) }
                    ?? self.message.body(change)
                return (hook.id, body)
            }
        }
        for c in stored {
            guard let event = c.event else { continue }
            let a = c.alert
            let line = "alert \(a.id) \(event.rawValue): [\(a.severity.rawValue)] \(a.rule) \(a.subject): \(a.messageEN)"
            switch event {
            case .firing, .repeat: logger.warning("\(line)")
            case .resolved: logger.notice("\(line)")
            default: logger.info("\(line)")
            }
        }
        return stored
    }
}
