/// Where an alert is in its life: `pending` (condition seen, hold-off running) → `firing`
/// (notified) → `resolved` (condition cleared, notified). A pending alert whose condition
/// clears before its hold-off ends is `cancelled` and never notified.
public enum AlertState: String, Sendable, Codable, CaseIterable {
    case pending, firing, resolved, cancelled

    /// Pending and firing alerts are active: at most one per rule and subject.
    public var isActive: Bool { self == .pending || self == .firing }
}
