import Foundation

/// The query parameters each API operation takes, as `API/openapi.json` lists them: the document
/// is the one place they are written, and a parameter it does not list is refused.
enum OpenAPIParameters {
    /// `GET /api/v1/compare` → ["meter", "tag", …]; empty for an operation without parameters.
    static func query(path: String, method: String) -> Set<String> {
        let key = RouteTable.openAPIPath(path)
        let m = method == "HEAD" ? "get" : method.lowercased()
        return table["\(m) \(key)"] ?? []
    }

    static let table: [String: Set<String>] = {
        guard let doc = try? JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json.utf8)) as? [String: Any],
            let paths = doc["paths"] as? [String: [String: Any]]
        else { return [:] }
        let shared = (doc["components"] as? [String: Any])?["parameters"] as? [String: [String: Any]] ?? [:]
        func resolve(_ p: [String: Any]) -> [String: Any] {
            guard let ref = p["$ref"] as? String, let name = ref.split(separator: "/").last else { return p }
            return shared[String(name)] ?? [:]
        }
        var out: [String: Set<String>] = [:]
        for (path, item) in paths {
            let common = (item["parameters"] as? [[String: Any]] ?? []).map(resolve)
            for (method, op) in item {
                guard let op = op as? [String: Any] else { continue }
                let params = common + (op["parameters"] as? [[String: Any]] ?? []).map(resolve)
                out["\(method) \(path)"] = Set(params.filter { $0["in"] as? String == "query" }.compactMap { $0["name"] as? String })
            }
        }
        return out
    }()
}
