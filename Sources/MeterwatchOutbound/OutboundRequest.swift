import Foundation
import NIOHTTP1

public struct OutboundRequest: Sendable {
    public var url: URL
    public var method: HTTPMethod
    public var headers: [(String, String)]
    public var body: Data?

    public init(url: URL, method: HTTPMethod = .GET, headers: [(String, String)] = [], body: Data? = nil) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
    }
}
