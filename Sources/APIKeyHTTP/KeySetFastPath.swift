import HTTPTypes
import Logging
import NIOCore
import NIOHTTPTypes

/// Answers GET and HEAD of the key set documents (the JWKS at the original's and the well-known
/// paths, the revocation list) on the event loop, as the request head arrives, with the bytes
/// the router would send (`KeySetEndpoint.answer`), counted in the same metrics. It skips
/// Hummingbird's per-request work (the async request sequence, the router, the middleware), which
/// was most of the bridge's cost per request: these paths are nearly all of its traffic.
///
/// Sits after Hummingbird's connection state handler, so the idle timeout sees every request and
/// response. Everything else passes through to the router, and so does a key set request while
/// an earlier request on the same connection is still with the router, so that pipelined
/// responses keep their order. Without a key set yet the router answers (503).
final class KeySetFastPath: ChannelDuplexHandler, RemovableChannelHandler {
  typealias InboundIn = HTTPRequestPart
  typealias InboundOut = HTTPRequestPart
  typealias OutboundIn = HTTPResponsePart
  typealias OutboundOut = HTTPResponsePart

  /// The exact paths answered here and what each serves.
  static let routes: [String: (document: KeySetEndpoint.Document, negotiates: Bool)] = {
    var routes: [String: (KeySetEndpoint.Document, Bool)] = [:]
    for path in BridgeRouter.keySetPaths { routes[path] = (.jwks, path.hasPrefix("/.well-known")) }
    routes[BridgeRouter.revokedPath] = (.revoked, false)
    return routes
  }()

  private let endpoint: KeySetEndpoint
  private let metrics: BridgeMetrics
  private let serverName: String
  private let logger: Logger
  /// Requests passed to the router whose response has not ended yet.
  private var withRouter = 0
  /// The rest (body, end) of a request answered here is dropped.
  private var swallowing = false
  private var date = HTTPDate()

  init(endpoint: KeySetEndpoint, metrics: BridgeMetrics, serverName: String, logger: Logger) {
    self.endpoint = endpoint
    self.metrics = metrics
    self.serverName = serverName
    self.logger = logger
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    switch unwrapInboundIn(data) {
    case .head(let request):
      if withRouter == 0, answer(request, context: context) {
        swallowing = true
        return
      }
      withRouter += 1
      context.fireChannelRead(data)
    case .body, .end:
      if !swallowing {
        context.fireChannelRead(data)
      } else if case .end = unwrapInboundIn(data) {
        swallowing = false
      }
    }
  }

  func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
    if case .end = unwrapOutboundIn(data), withRouter > 0 { withRouter -= 1 }
    context.write(data, promise: promise)
  }

  /// Writes the answer to `request` when this handler answers it; false to leave it to the router.
  private func answer(_ request: HTTPRequest, context: ChannelHandlerContext) -> Bool {
    guard request.method == .get || request.method == .head, let target = request.path else {
      return false
    }
    let path = target.firstIndex(of: "?").map { String(target[..<$0]) } ?? target
    guard let route = Self.routes[path],
      let answer = endpoint.answer(
        method: request.method, headers: request.headerFields, document: route.document,
        contentType: "application/json", negotiates: route.negotiates)
    else { return false }
    var headers = answer.headers
    headers[.server] = serverName
    headers[.date] = date.value()
    context.write(
      wrapOutboundOut(.head(HTTPResponse(status: answer.status, headerFields: headers))),
      promise: nil)
    if let body = answer.body { context.write(wrapOutboundOut(.body(body)), promise: nil) }
    let written = context.writeAndFlushWithPromise(wrapOutboundOut(.end(nil)))
    if request.headerFields[.connection] == "close" {
      let channel = context.channel
      written.whenComplete { _ in channel.close(promise: nil) }
    }
    RequestAccounting<BridgeRequestContext>.count(
      method: request.method, route: path, status: answer.status.code, metrics: metrics,
      logger: logger)
    return true
  }
}

extension ChannelHandlerContext {
  /// Writes and flushes `data`; the future of the write.
  fileprivate func writeAndFlushWithPromise(_ data: NIOAny) -> EventLoopFuture<Void> {
    let promise = eventLoop.makePromise(of: Void.self)
    writeAndFlush(data, promise: promise)
    return promise.futureResult
  }
}
