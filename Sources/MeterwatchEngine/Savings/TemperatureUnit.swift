import Foundation

/// Temperature scale of a model's balance points and degree days.
public enum TemperatureUnit: String, Sendable, Codable, CaseIterable {
    case celsius = "C", fahrenheit = "F"

    /// CalTRACK's grid, 30–90 °F, in this unit.
    public var defaultGrid: [Double] {
        switch self {
        case .fahrenheit: stride(from: 30.0, through: 90.0, by: 1).map { $0 }
        // The °F grid converted point by point, so °C and °F fits are the same fit.
        case .celsius: stride(from: 30.0, through: 90.0, by: 1).map { ($0 - 32) * 5 / 9 }
        }
    }

    /// CalTRACK's minimum total degree days per balance point (20 °F·days).
    public var minimumTotalDegreeDays: Double { self == .fahrenheit ? 20 : 20 * 5 / 9 }
}
