import Foundation

public struct OutboundResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: Data

    public func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
}
