/// An entry of an alert's history: what happened to it. Stored and sent as the raw value.
public enum AlertEventKind: String, Sendable, Codable, CaseIterable {
    case pending, firing, `repeat`, resolved, cancelled, acknowledged

    /// The events a webhook is told about; a pending alert may still be cancelled, so it is not.
    public static let notified: Set<AlertEventKind> = [.firing, .resolved, .repeat]
}
