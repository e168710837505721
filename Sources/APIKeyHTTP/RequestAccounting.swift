import Hummingbird
import Logging

/// Counts every answer by route and status, logs one line per request at debug, and turns the
/// router's bare 404 into a JSON message, or a page for a browser when the bridge has pages.
struct RequestAccounting<Context: RequestContext>: RouterMiddleware {
  let metrics: BridgeMetrics
  let routes: Set<String>
  /// The 404 page for browsers (with self-service); nil: JSON for everyone.
  var notFoundPage: (@Sendable () -> Response)? = nil

  func handle(
    _ request: Request, context: Context, next: (Request, Context) async throws -> Response
  ) async throws -> Response {
    let route = routes.contains(request.uri.path) ? request.uri.path : "unmatched"
    let response: Response
    do {
      response = try await next(request, context)
    } catch let error as HTTPError where error.status == .notFound {
      let browser = request.headers[.accept]?.contains("text/html") ?? false
      response =
        browser
        ? notFoundPage?() ?? JSONResponse.message(.notFound, "not found")
        : JSONResponse.message(.notFound, "not found")
    }
    Self.count(
      method: request.method, route: route, status: response.status.code, metrics: metrics,
      logger: context.logger)
    return response
  }

  /// Counts one answer in `metrics` and logs it at debug: for the router's answers and for
  /// `KeySetFastPath`'s alike.
  static func count(
    method: HTTPRequest.Method, route: String, status: Int, metrics: BridgeMetrics, logger: Logger
  ) {
    metrics.record(route: route, status: status)
    logger.debug(
      "Request",
      metadata: [
        "http.method": "\(method)", "http.route": "\(route)", "http.status": "\(status)",
      ])
  }
}
