/// Why a central will not store a forwarded batch, at the JSON pointer of the first thing wrong.
public struct ForwardRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The batch names what the sending building may not write (another building's meter).
        case forbidden
        /// The batch is malformed or implausible.
        case invalid
    }

    public var kind: Kind
    /// `/series/3/samples/17`.
    public var pointer: String
    public var message: String

    public var description: String { "\(pointer): \(message)" }
}
