import MeterwatchCore

public enum ExampleValue: Sendable, Hashable {
    case number(Double)
    case text(String)
}
