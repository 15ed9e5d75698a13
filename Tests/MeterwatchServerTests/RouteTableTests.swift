import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import MeterwatchServer

/// The routes are registered once; the table the recorder keeps answers 405s and matches the
/// OpenAPI document.
@Suite struct RouteTableTests {
    static let yaml = """
        site: { name: Test, timezone: Asia/Taipei }
        meters: [ { id: hall, category: electricity, unit: kWh } ]
        """

    @Test func theRouteTableMatchesTheOpenAPIDocument() throws {
        let site = try ServerTestSite(Self.yaml)
        let document = try #require(JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json.utf8)) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        var documented: [String: Set<String>] = [:]
        for (path, item) in paths {
            documented[path] = Set(item.keys.filter { ["get", "put", "post", "delete", "patch"].contains($0) })
        }
        let served = site.routes.openAPIPaths
        for (path, methods) in served {
            #expect(documented[path] == methods, "\(path): served \(methods.sorted()), documented \(documented[path]?.sorted() ?? [])")
        }
        for path in documented.keys {
            #expect(served[path] != nil, "\(path) is documented but not served")
        }
        // Every page is served.
        for page in DashboardDefinition.Page.allCases {
            #expect(site.routes.methods(for: page.path) == ["GET", "HEAD"], "\(page.path)")
        }
    }

    @Test func headIsAnsweredWhereGetIsAndOtherMethodsAre405() async throws {
        let site = try ServerTestSite(Self.yaml)
        try await site.test { client in
            try await client.execute(uri: "/api/v1/meters", method: .head) { response in
                #expect(response.status == .ok)
                #expect(response.body.readableBytes == 0)
            }
            try await client.execute(uri: "/compare", method: .head) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/api/v1/meters", method: .patch) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET, HEAD")
                #expect(response.headers[.contentType] == "application/problem+json")
            }
            try await client.execute(uri: "/api/v1/meters/hall/readings", method: .post) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET, HEAD, DELETE")
            }
            try await client.execute(uri: "/api/v1/nothing-here", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }
}
