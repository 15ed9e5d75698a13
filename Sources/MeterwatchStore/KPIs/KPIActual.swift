import Foundation
import GRDB
import MeterwatchCore

/// A KPI's actual value as entered by a person.
public struct KPIActual: Hashable, Sendable, Codable {
    public var kpi: String
    public var period: String
    public var actual: Double
    public var enteredBy: String
    public var enteredAtMs: Int64
    public var note: String?
    public init(kpi: String, period: String, actual: Double, enteredBy: String, enteredAtMs: Int64, note: String? = nil) {
        self.kpi = kpi
        self.period = period
        self.actual = actual
        self.enteredBy = enteredBy
        self.enteredAtMs = enteredAtMs
        self.note = note
    }
}
