import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore

/// Where alert state lives: the store for the service, memory for replays.
public protocol AlertBook: AnyObject {
    func activeAlerts() throws -> [StoredAlert]
    /// Stores changes (assigning ids to new alerts) and queues their notifications.
    func commit(_ changes: [AlertChange]) throws -> [AlertChange]
}
