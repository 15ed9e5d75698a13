/// Why a batch did not reach the central's store.
public enum ForwardError: Error, CustomStringConvertible, Sendable, Equatable {
    /// No answer: the central is down, unreachable or too slow.
    case unreachable(String)
    /// The central answered with an error (its problem document's detail).
    case refused(status: Int, detail: String)

    public var description: String {
        switch self {
        case .unreachable(let why): "the central did not answer: \(why)"
        case let .refused(status, detail): "the central refused the batch (HTTP \(status)): \(detail)"
        }
    }
}
