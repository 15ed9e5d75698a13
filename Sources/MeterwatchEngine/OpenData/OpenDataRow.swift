/// One building and month of the published dataset, by field name.
public struct OpenDataRow: Sendable, Equatable {
    public var values: [String: OpenDataValue]

    public init(values: [String: OpenDataValue] = [:]) {
        self.values = values
    }

    public subscript(_ field: String) -> OpenDataValue {
        get { values[field] ?? .empty }
        set { values[field] = newValue }
    }
}
