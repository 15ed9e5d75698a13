import MeterwatchCore

/// How often a point is read: `fast` for power and flow, `slow` for totals, `once` for identity.
public enum PollClass: String, Sendable, Hashable, CaseIterable, Codable {
    case fast, slow, once
}
