public enum AlertSeverity: String, Sendable, Codable, CaseIterable, Comparable {
    case info, warning, critical

    var rank: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (a: AlertSeverity, b: AlertSeverity) -> Bool { a.rank < b.rank }
}
