import Foundation
import GRDB
import MeterwatchCore

/// A finding of `meterwatch db check`.
public struct CheckFinding: Sendable, Codable, Equatable {
    public enum Severity: String, Sendable, Codable { case error, warning, info }
    public var severity: Severity
    public var series: String?
    public var ms: Int64?
    public var message: String
    /// A command that fixes it, when there is one.
    public var remedy: String?
    public init(severity: Severity, series: String?, ms: Int64?, message: String, remedy: String? = nil) {
        self.severity = severity
        self.series = series
        self.ms = ms
        self.message = message
        self.remedy = remedy
    }
}
