import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOPosix

/// An RFC 9457 problem document: what went wrong, in words a user can act on.
///
/// ```json
/// {"type": "urn:meterwatch:problem:bad-period", "title": "Bad Request", "status": 400,
///  "detail": "cannot read period '2019Q5': …", "instance": "/api/v1/compare"}
/// ```
public struct Problem: Error, Codable, Sendable {
    public var type: String = "about:blank"
    public var title: String
    public var status: Int
    public var detail: String
    public var instance: String?
    /// Line-level errors of a rejected upload.
    public var errors: [String]?
    /// Seconds before trying again (429, 503): sent as `Retry-After`.
    public var retryAfter: Int?

    enum CodingKeys: String, CodingKey { case type, title, status, detail, instance, errors }

    public init(_ status: HTTPResponse.Status, _ detail: String, errors: [String]? = nil, type: String = "about:blank") {
        self.type = type
        self.title = status.reasonPhrase
        self.status = status.code
        self.detail = detail
        self.errors = errors
    }

    static func badRequest(_ detail: String) -> Problem { Problem(.badRequest, detail) }
    static func notFound(_ detail: String) -> Problem { Problem(.notFound, detail) }

    func response(instance: String) -> Response {
        var p = self
        p.instance = instance
        var headers: HTTPFields = [.contentType: "application/problem+json"]
        if status == 401 { headers[.wwwAuthenticate] = "Bearer realm=\"meterwatch\"" }
        if let retryAfter { headers[.retryAfter] = "\(retryAfter)" }
        // A body that did not arrive in time: the connection is not kept for another request.
        if status == 408 { headers[.connection] = "close" }
        // A problem holds only text and integers, so it always encodes.
        let body = (try? JSON.encode(p)) ?? Data(#"{"type":"about:blank","title":"Error","status":500,"detail":"error"}"#.utf8)
        return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(data: body)))
    }
}
