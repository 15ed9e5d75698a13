import MeterwatchCore

/// An edge's alert as its central keeps it: the alert as it stands when sent (its `id` the edge's),
/// and the entries of its history not sent before, so that the central lists every building's alerts.
///
/// ```json
/// {"alert": {"id": 7, "rule": "night-flow", "meter": "library-water", "state": "firing", …},
///  "events": [{"id": 31, "atMs": 1767225600000, "event": "firing", "value": 0.5}]}
/// ```
public struct ForwardAlert: Codable, Sendable, Equatable {
    public var alert: StoredAlert
    public var events: [ForwardAlertEvent]

    public init(alert: StoredAlert, events: [ForwardAlertEvent]) {
        self.alert = alert
        self.events = events
    }
}

/// One entry of an alert's history, with its id at the edge (the central takes each once).
public struct ForwardAlertEvent: Codable, Sendable, Equatable {
    public var id: Int64
    public var atMs: Int64
    public var event: String
    public var value: Double?
    public var note: String?

    public init(id: Int64, atMs: Int64, event: String, value: Double?, note: String?) {
        self.id = id
        self.atMs = atMs
        self.event = event
        self.value = value
        self.note = note
    }
}
