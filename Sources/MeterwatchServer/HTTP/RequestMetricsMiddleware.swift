import Dispatch
import Hummingbird

/// Counts and times every answer by method, route template and the status the client received.
/// It sits outside `ProblemMiddleware`, so that an error answered as a 404 or 422 problem is
/// recorded as such (inside, every thrown error would read as a 500), and inside nothing else, so
/// that errors are timed as well.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: MetricsEndpoint

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = DispatchTime.now().uptimeNanoseconds
        let inFlight = metrics.requestsInFlight()
        inFlight.increment()
        let method = request.method.rawValue
        do {
            var response = try await next(request, context)
            let status = response.status.code
            let metrics = metrics
            let body = response.body
            // Timed when the body has been written, so that a streamed answer counts whole.
            response.body = ResponseBody(contentLength: body.contentLength) { writer in
                defer {
                    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                    metrics.recordRequest(method: method, route: Self.route(context), status: status, seconds: seconds)
                    inFlight.decrement()
                }
                try await body.write(writer)
            }
            return response
        } catch {
            // Only what ProblemMiddleware let through (it answers everything it is given).
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            metrics.recordRequest(method: method, route: Self.route(context), status: status, seconds: seconds)
            inFlight.decrement()
            throw error
        }
    }

    /// The route template; "unmatched" when no route took the request (Hummingbird says "NotFound").
    static func route(_ context: Context) -> String {
        guard let path = context.endpointPath, path != "NotFound" else { return "unmatched" }
        return path
    }
}
