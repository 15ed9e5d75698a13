import HTTPTypes
import Hummingbird

/// No sniffing, no framing by other sites, no referrer leaks; scripts and styles only from
/// ourselves, plus the report's own inline stylesheet, allowed by its hash. Over HTTPS, HSTS: the
/// browser uses HTTPS only for this host for a year.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    let policy: String
    let hsts: Bool

    /// `formOrigins`: origins a form's answer may redirect to (the identity provider's sign-out).
    init(reportStyleHash: String, hsts: Bool = false, formOrigins: [String] = []) {
        policy = [
            "default-src 'self'",
            "style-src 'self' \(reportStyleHash)",
            "img-src 'self' data:",
            "script-src 'self'",
            "form-action " + (["'self'"] + formOrigins).joined(separator: " "),
            "frame-ancestors 'none'",
        ].joined(separator: "; ")
        self.hsts = hsts
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        response.headers[.contentSecurityPolicy] = policy
        if hsts { response.headers[.strictTransportSecurity] = "max-age=31536000" }
        return response
    }
}
