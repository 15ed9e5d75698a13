import HTTPTypes
import Hummingbird

/// No sniffing, no framing by other sites, no referrer leaks; scripts and styles only from
/// ourselves, plus the report's own inline stylesheet, allowed by its hash.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    let policy: String

    init(reportStyleHash: String) {
        policy = [
            "default-src 'self'",
            "style-src 'self' \(reportStyleHash)",
            "img-src 'self' data:",
            "script-src 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ].joined(separator: "; ")
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        response.headers[.contentSecurityPolicy] = policy
        return response
    }
}
