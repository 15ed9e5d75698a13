import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore

/// Alert state in memory, for replays over history (`meterwatch alerts evaluate`).
public final class MemoryAlertBook: AlertBook {
    public private(set) var alerts: [Int64: StoredAlert] = [:]
    public private(set) var history: [AlertChange] = []
    private var nextID: Int64 = 1

    public init() {}

    public func activeAlerts() throws -> [StoredAlert] { alerts.values.filter { $0.state.isActive }.sorted { $0.id < $1.id } }

    public func commit(_ changes: [AlertChange]) throws -> [AlertChange] {
        changes.map { c in
            var c = c
            if c.alert.id == 0 {
                c.alert.id = nextID
                nextID += 1
            }
            alerts[c.alert.id] = c.alert
            if c.event != nil { history.append(c) }
            return c
        }
    }
}
