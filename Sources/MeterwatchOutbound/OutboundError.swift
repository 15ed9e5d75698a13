/// Why a request to another server got no answer we can use. Messages name the origin (scheme, host
/// and port), never a path or query that may carry a key.
public enum OutboundError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A redirect to another origin: not followed, so that credentials never leave for it.
    case crossOriginRedirect(from: String, to: String)
    case tooManyRedirects(origin: String)
    case badURL(String)
    /// No answer: refused, timed out, TLS failed.
    case transport(origin: String, reason: String)

    public var description: String {
        switch self {
        case let .crossOriginRedirect(from, to): "\(from) redirected to another origin (\(to)): not followed"
        case .tooManyRedirects(let origin): "\(origin) redirected more than 3 times"
        case .badURL(let reason): "not an http(s) URL: \(reason)"
        case let .transport(origin, reason): "no answer from \(origin): \(reason)"
        }
    }
}
