import Foundation
import MeterwatchConfig
import MeterwatchOutbound

/// A central Meterwatch over HTTP or HTTPS: `POST /api/v1/sites/{site}/forward` with the site's
/// token. An https central's certificate must chain to `forward.ca` (else the system's CAs); the
/// edge offers `forward.client_cert` when asked; a redirect to another origin is refused, so the
/// token never leaves for it.
public struct HTTPForwardTarget: ForwardTarget {
    public let config: ForwardConfig

    public init(config: ForwardConfig) {
        self.config = config
    }

    public var name: String { config.url.absoluteString }

    var tls: OutboundTLS {
        OutboundTLS(
            caFile: config.caFile, clientCertificate: config.clientCertificate?.certificate, clientKey: config.clientCertificate?.key)
    }

    /// One request to the central; its receipt, or why not.
    public func deliver(_ batch: ForwardBatch) async throws -> ForwardReceipt {
        let request = OutboundRequest(
            url: config.url.appendingPathComponent("api/v1/sites/\(config.site)/forward"), method: .POST,
            headers: [("Content-Type", "application/json"), ("Authorization", "Bearer \(config.token)")],
            body: try JSONEncoder().encode(batch))
        let answer: OutboundResponse
        do { answer = try await OutboundClient.send(request, tls: tls, timeoutMs: config.timeoutMs) } catch {
            throw ForwardError.unreachable("\(error)")
        }
        guard answer.status == 200 else {
            let detail = (try? JSONSerialization.jsonObject(with: answer.body) as? [String: Any])?["detail"] as? String
            throw ForwardError.refused(status: answer.status, detail: detail ?? String(decoding: answer.body.prefix(300), as: UTF8.self))
        }
        do { return try JSONDecoder().decode(ForwardReceipt.self, from: answer.body) } catch {
            throw ForwardError.refused(status: answer.status, detail: "an answer that is not a receipt")
        }
    }
}
