import Foundation
import Hummingbird
import MeterwatchCore
import NIOCore

package enum JSON {
    /// Encodes an answer; a figure that is not a finite number (JSON has none) is an error, never
    /// a silent `null` in a 200 answer.
    /// Phrases (warnings, reasons, labels) are written in `language`.
    static func encode<T: Encodable>(_ value: T, language: Language = .en) throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        e.userInfo[.language] = language
        do { return try e.encode(value) } catch { throw nonFiniteFigure }
    }

    /// The answer to a figure JSON cannot hold (NaN, ±infinity).
    static var nonFiniteFigure: Problem {
        Problem(.unprocessableContent, "the answer holds a figure that is not a finite number (a degenerate computation on this data)")
    }

    static func response<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok, language: Language = .en) throws -> Response {
        Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(data: try encode(value, language: language))))
    }

    /// Where and what a decoding error is, as a JSON pointer: `/series/3/kind: expected String`.
    static func describe(_ error: DecodingError) -> String {
        func pointer(_ path: [any CodingKey]) -> String {
            "/" + path.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: "/")
        }
        switch error {
        case let .keyNotFound(key, ctx): return "\(pointer(ctx.codingPath + [key])): missing"
        case let .typeMismatch(type, ctx): return "\(pointer(ctx.codingPath)): expected \(type)"
        case let .valueNotFound(type, ctx): return "\(pointer(ctx.codingPath)): expected \(type), found null"
        case let .dataCorrupted(ctx):
            return ctx.codingPath.isEmpty ? "the body is not JSON" : "\(pointer(ctx.codingPath)): \(ctx.debugDescription)"
        @unknown default: return "\(error)"
        }
    }

    /// Strict decoding of a request body: the right content type, valid JSON, no unknown keys.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, limit: Int, allowed: Set<String>, timeoutMs: Int64) async throws
        -> T
    {
        guard request.headers[.contentType]?.lowercased().hasPrefix("application/json") == true else {
            throw Problem(.unsupportedMediaType, "send the body as application/json")
        }
        let buffer = try await BodyReader.collect(request, limit: limit, timeoutMs: timeoutMs)
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
