import MeterwatchCore

public struct KPIDerivation: Hashable, Sendable {
    public var selection: Selection
    /// `previous-year` or `previous-period`.
    public var against: String
    public var value: DerivedValue
}
