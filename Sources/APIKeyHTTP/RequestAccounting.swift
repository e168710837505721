import Hummingbird
import Logging

/// Counts every answer by route and status, logs one line per request at debug, and turns the
/// router's bare 404 into a JSON message.
struct RequestAccounting<Context: RequestContext>: RouterMiddleware {
  let metrics: BridgeMetrics
  let routes: Set<String>

  func handle(
    _ request: Request, context: Context, next: (Request, Context) async throws -> Response
  ) async throws -> Response {
    let route = routes.contains(request.uri.path) ? request.uri.path : "unmatched"
    let response: Response
    do {
      response = try await next(request, context)
    } catch let error as HTTPError where error.status == .notFound {
      response = JSONResponse.message(.notFound, "not found")
    }
    metrics.record(route: route, status: response.status.code)
    context.logger.debug(
      "Request",
      metadata: [
        "http.method": "\(request.method)", "http.route": "\(route)",
        "http.status": "\(response.status.code)",
      ])
    return response
  }
}
