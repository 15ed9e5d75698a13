import Foundation

/// The OpenAPI 3.1 description of `/api/v1` (`API/openapi.json`, built into the binary), served
/// at `/api/v1/openapi.json`. CI checks the running server against it (schemathesis), and
/// `RouteTableTests` checks it against the routes the server registers.
enum OpenAPIDocument {
    static let json: String = {
        // The build embeds the file; an empty object only if a build went wrong (RouteTableTests fails then).
        let data = EmbeddedAPI.base64["openapi.json"].flatMap { Data(base64Encoded: $0) } ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }()
}
