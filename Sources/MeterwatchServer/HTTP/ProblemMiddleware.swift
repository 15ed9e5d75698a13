import Foundation
import Hummingbird
import Logging
import NIOCore

/// Turns every error into a problem document (one mapping: `ErrorMapping`), logs server errors,
/// and never sends a stack trace or an internal message to the client.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger
    let routes: RouteTableBox

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let e as SignInRequired {
            // A page asked for by someone not signed in: to the sign-in page, and back afterwards.
            // In the language the page was asked in.
            let lang = request.uri.queryParameters.get("lang").map { "&lang=\(HTML.urlEncode($0))" } ?? ""
            return Response(
                status: .seeOther, headers: [.location: "/auth/login?next=\(HTML.urlEncode(e.next))\(lang)", .cacheControl: "no-store"])
        } catch let e as HTTPError where e.status == .notFound {
            // The path exists with other methods: 405 and what is allowed, not 404.
            if let allowed = routes.table.methods(for: request.uri.path), !allowed.contains(request.method.rawValue) {
                var r = Problem(.methodNotAllowed, "\(request.method) is not allowed here (allowed: \(allowed.joined(separator: ", ")))")
                    .response(instance: request.uri.path)
                r.headers[.allow] = allowed.joined(separator: ", ")
                return r
            }
            return Problem(.notFound, "no such resource: \(request.uri.path)").response(instance: request.uri.path)
        } catch let e as HTTPError where e.status == .unauthorized {
            return Problem(.unauthorized, "sign in, or send Authorization: Bearer <token>").response(instance: request.uri.path)
        } catch {
            if let p = ErrorMapping.problem(error, method: request.method) { return p.response(instance: request.uri.path) }
            logger.error("\(request.method) \(request.uri.path): \(error)")
            return Problem(.internalServerError, "the server could not complete the request; see its log").response(
                instance: request.uri.path)
        }
    }
}
