import Foundation
import MeterwatchConfig

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A central Meterwatch over HTTP: `POST /api/v1/sites/{site}/forward` with the site's token.
public struct HTTPForwardTarget: ForwardTarget {
    public let config: ForwardConfig
    let session: URLSession

    public init(config: ForwardConfig) {
        self.config = config
        let session = URLSessionConfiguration.ephemeral
        session.httpShouldSetCookies = false
        session.urlCache = nil
        session.timeoutIntervalForRequest = Double(config.timeoutMs) / 1000
        self.session = URLSession(configuration: session)
    }

    public var name: String { config.url.absoluteString }

    /// One request to the central; its receipt, or why not.
    public func deliver(_ batch: ForwardBatch) async throws -> ForwardReceipt {
        var request = URLRequest(url: config.url.appendingPathComponent("api/v1/sites/\(config.site)/forward"))
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("Bearer \(config.token)", forHTTPHeaderField: "Authorization")
        request.timeoutInterval = Double(config.timeoutMs) / 1000
        request.httpBody = try JSONEncoder().encode(batch)
        let data: Data
        let response: URLResponse
        do { (data, response) = try await session.data(for: request) } catch { throw ForwardError.unreachable(error.localizedDescription) }
        guard let http = response as? HTTPURLResponse else { throw ForwardError.unreachable("no HTTP answer") }
        guard http.statusCode == 200 else {
            let detail = (try? JSONSerialization.jsonObject(with: data) as? [String: Any])?["detail"] as? String
            throw ForwardError.refused(status: http.statusCode, detail: detail ?? String(decoding: data.prefix(300), as: UTF8.self))
        }
        do { return try JSONDecoder().decode(ForwardReceipt.self, from: data) } catch {
            throw ForwardError.refused(status: http.statusCode, detail: "an answer that is not a receipt")
        }
    }
}
