import Foundation
import GRDB
import MeterwatchCore

/// A change the alert engine made, to be stored with its history entry and notifications.
public struct AlertChange: Sendable, Hashable {
    public var alert: StoredAlert
    /// The history entry (`pending`, `firing`, `repeat`, `resolved`, `cancelled`), or nil for a
    /// silent update (a new value while firing).
    public var event: AlertEventKind?
    public var atMs: Int64
    public init(alert: StoredAlert, event: AlertEventKind?, atMs: Int64) {
        self.alert = alert
        self.event = event
        self.atMs = atMs
    }
}
