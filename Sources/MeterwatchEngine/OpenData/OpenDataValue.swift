/// One cell of the published dataset. `empty` is a gap: written as an empty CSV field and a JSON
/// null, never as zero.
public enum OpenDataValue: Sendable, Equatable {
    case integer(Int)
    case number(Double)
    case text(String)
    case empty
}
