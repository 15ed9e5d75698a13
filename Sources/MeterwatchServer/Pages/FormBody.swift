import Foundation
import Hummingbird

/// A posted HTML form (`application/x-www-form-urlencoded`) as its fields.
enum FormBody {
    static func fields(of req: Request, limit: Int, timeoutMs: Int64) async throws -> [String: String] {
        guard req.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true else {
            throw Problem(.unsupportedMediaType, "expected a form (application/x-www-form-urlencoded)")
        }
        return parse(String(buffer: try await BodyReader.collect(req, limit: limit, timeoutMs: timeoutMs)))
    }

    static func parse(_ text: String) -> [String: String] {
        var out: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(decode)
            out[parts[0]] = parts.count == 2 ? parts[1] : ""
        }
        return out
    }

    private static func decode(_ part: Substring) -> String {
        String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
    }
}
