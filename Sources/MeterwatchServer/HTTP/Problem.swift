import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOPosix

/// An RFC 9457 problem document: what went wrong, in words a user can act on.
///
/// ```json
/// {"type": "about:blank", "title": "Bad Request", "status": 400, "detail": "period: unknown period '2019Q5'", "instance": "/api/v1/compare"}
/// ```
public struct Problem: Error, Codable, Sendable {
    public var type: String = "about:blank"
    public var title: String
    public var status: Int
    public var detail: String
    public var instance: String?
    /// Line-level errors of a rejected upload.
    public var errors: [String]?

    public init(_ status: HTTPResponse.Status, _ detail: String, errors: [String]? = nil) {
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
        // A problem holds only text and integers, so it always encodes.
        let body = (try? JSON.encode(p)) ?? Data(#"{"type":"about:blank","title":"Error","status":500,"detail":"error"}"#.utf8)
        return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(data: body)))
    }
}

package enum JSON {
    /// Encodes an answer; a figure that is not a finite number (JSON has none) is an error, never
    /// a silent `null` in a 200 answer.
    static func encode<T: Encodable>(_ value: T) throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do { return try e.encode(value) } catch {
            throw Problem(.unprocessableContent, "the answer holds a figure that is not a finite number (a degenerate computation on this data)")
        }
    }

    static func response<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(data: try encode(value))))
    }

    /// Strict decoding of a request body: the right content type, valid JSON, no unknown keys.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, limit: Int, allowed: Set<String>) async throws -> T {
        guard request.headers[.contentType]?.lowercased().hasPrefix("application/json") == true else {
            throw Problem(.unsupportedMediaType, "send the body as application/json")
        }
        let buffer = try await request.body.collect(upTo: limit)
        return try decode(type, from: Data(buffer: buffer), allowed: allowed)
    }

    /// The body's bytes as `T`: a JSON object with only `allowed` keys, every value of the right
    /// type. Any other input is a 400 problem, never a crash (fuzzed: `make fuzz`).
    package static func decode<T: Decodable>(_ type: T.Type, from data: Data, allowed: Set<String>) throws -> T {
        guard let object = try? JSONSerialization.jsonObject(with: data), let dict = object as? [String: Any] else {
            throw Problem.badRequest("the body is not a JSON object")
        }
        if let unknown = dict.keys.first(where: { !allowed.contains($0) }) {
            throw Problem.badRequest("unknown field '\(unknown)' (expected \(allowed.sorted().joined(separator: ", ")))")
        }
        do { return try JSONDecoder().decode(T.self, from: data) } catch let DecodingError.keyNotFound(key, _) {
            throw Problem.badRequest("missing field '\(key.stringValue)'")
        } catch let DecodingError.typeMismatch(_, ctx) {
            throw Problem.badRequest("field '\(ctx.codingPath.map(\.stringValue).joined(separator: "."))' has the wrong type")
        } catch {
            throw Problem.badRequest("the body does not match the expected shape")
        }
    }
}

/// Turns every error into a problem document (API) or a plain error page (dashboards), logs
/// server errors, and never sends a stack trace or an internal message to the client.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let p as Problem {
            return p.response(instance: request.uri.path)
        } catch is NIOTooManyBytesError {
            return Problem(.contentTooLarge, "the request body is over the server's limit (server.max_body)").response(instance: request.uri.path)
        } catch let e as HTTPError where e.status == .notFound {
            // The path exists with other methods: 405 and what is allowed, not 404.
            if let allowed = RouteTable.methods(for: request.uri.path), !allowed.contains(request.method.rawValue) {
                var r = Problem(.methodNotAllowed, "\(request.method) is not allowed here (allowed: \(allowed.joined(separator: ", ")))").response(instance: request.uri.path)
                r.headers[.allow] = allowed.joined(separator: ", ")
                return r
            }
            return Problem(.notFound, "no such resource: \(request.uri.path)").response(instance: request.uri.path)
        } catch let e as HTTPError {
            let detail: String = switch e.status {
            case .contentTooLarge: "the request body is too large"
            case .methodNotAllowed: "\(request.method) is not allowed here"
            default: e.body ?? e.status.reasonPhrase
            }
            return Problem(e.status, detail).response(instance: request.uri.path)
        } catch {
            logger.error("\(request.method) \(request.uri.path): \(error)")
            return Problem(.internalServerError, "the server could not complete the request; see its log").response(instance: request.uri.path)
        }
    }
}

/// Every path the server answers and its methods, for 405 answers with `Allow`. Keep in step with
/// the routes and the OpenAPI document (ServeCLITests sends an undeclared method to every path).
enum RouteTable {
    static let routes: [(pattern: [String], methods: [String])] = [
        ("api/v1/openapi.json", ["GET"]), ("api/v1/meters", ["GET"]), ("api/v1/meters/:id", ["GET"]), ("api/v1/meters/:id/readings", ["GET", "DELETE"]),
        ("api/v1/latest", ["GET"]), ("api/v1/compare", ["GET"]), ("api/v1/savings", ["GET"]), ("api/v1/kpis", ["GET"]), ("api/v1/kpis/:id/actuals/:period", ["PUT"]),
        ("api/v1/alerts", ["GET"]), ("api/v1/alerts/:id", ["GET"]), ("api/v1/alerts/:id/ack", ["POST"]), ("api/v1/devices", ["GET"]),
        ("api/v1/import/readings", ["POST"]), ("api/v1/import/fuel", ["POST"]), ("api/v1/reports", ["GET"]),
        ("healthz", ["GET"]), ("readyz", ["GET"]), ("metrics", ["GET"]), ("", ["GET"]), ("compare", ["GET"]), ("kpis", ["GET"]),
        ("alerts", ["GET"]), ("devices", ["GET"]), ("reports", ["GET"]), ("alerts/:id/ack", ["POST"]), ("assets/:name", ["GET"]),
    ].map { ($0.0.split(separator: "/").map(String.init), $0.1) }

    static func methods(for path: String) -> [String]? {
        let parts = path.split(separator: "/").map(String.init)
        var found: [String] = []
        for r in routes where r.pattern.count == parts.count && zip(r.pattern, parts).allSatisfy({ $0.hasPrefix(":") || $0 == $1 }) {
            found += r.methods
        }
        if !found.isEmpty && found.contains("GET") { found.append("HEAD") }
        return found.isEmpty ? nil : found
    }
}

/// Runs blocking work (SQLite reads, report building) on NIO's thread pool, off the cooperative pool.
func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await NIOThreadPool.singleton.runIfActive(body)
}

extension Request {
    /// A query parameter as given; present but empty stays "" so that validation rejects it.
    func query(_ name: String) -> String? {
        uri.queryParameters.get(name)
    }
}
