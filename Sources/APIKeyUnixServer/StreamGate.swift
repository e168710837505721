import APIKeyRPC
import NIOCore
import NIOHPACK
import NIOHTTP2

/// The first handler of every RPC stream on a daemon socket:
/// - puts the kernel's word on the caller (`RPCHeader.peer`) in the request headers, removing
///   any copy the client sent;
/// - caps the call's deadline (`CallDeadline`) and ends a call still open a second after it with
///   DEADLINE_EXCEEDED (a handler waiting for a request message that never comes does not see
///   gRPC's own cancellation);
/// - with a `refusal` (the caller is over a limit), answers RESOURCE_EXHAUSTED at once, and
///   nothing of the call reaches the service.
final class StreamGate: ChannelDuplexHandler, RemovableChannelHandler {
  typealias InboundIn = HTTP2Frame.FramePayload
  typealias InboundOut = HTTP2Frame.FramePayload
  typealias OutboundIn = HTTP2Frame.FramePayload
  typealias OutboundOut = HTTP2Frame.FramePayload

  let peer: String?
  let limits: SocketLimits
  let refusal: String?
  private var answered = false
  /// Response headers went out (so a status now goes as trailers, without `:status`).
  private var responseStarted = false
  private var responseEnded = false
  private var deadline: Scheduled<Void>?

  init(peer: String?, limits: SocketLimits, refusal: String?) {
    self.peer = peer
    self.limits = limits
    self.refusal = refusal
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    if let refusal {
      guard !answered, case .headers = unwrapInboundIn(data) else { return }
      answered = true
      end(context: context, status: 8, message: refusal)
      return
    }
    guard case .headers(var headers) = unwrapInboundIn(data), !answered else {
      context.fireChannelRead(data)
      return
    }
    answered = true
    headers.headers.remove(name: RPCHeader.peer)
    if let peer { headers.headers.add(name: RPCHeader.peer, value: peer) }
    if let path = headers.headers.first(name: ":path") {
      let requested = headers.headers.first(name: "grpc-timeout")
      if let timeout = CallDeadline.header(path: path, requested: requested, limits: limits) {
        headers.headers.replaceOrAdd(name: "grpc-timeout", value: timeout)
      }
      if let milliseconds = CallDeadline.effective(path: path, requested: requested, limits: limits)
      {
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        deadline = context.eventLoop.scheduleTask(in: .milliseconds(milliseconds + 1000)) {
          let (gate, context) = loopBound.value
          guard !gate.responseEnded, context.channel.isActive else { return }
          gate.end(context: context, status: 4, message: "deadline exceeded (\(milliseconds) ms)")
          context.close(promise: nil)
        }
      }
    }
    context.fireChannelRead(wrapInboundOut(.headers(headers)))
  }

  func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
    switch unwrapOutboundIn(data) {
    case .headers(let headers):
      responseStarted = true
      if headers.endStream { responseEnded = true }
    case .data(let data) where data.endStream:
      responseEnded = true
    default:
      break
    }
    if responseEnded { deadline?.cancel() }
    context.write(data, promise: promise)
  }

  func handlerRemoved(context: ChannelHandlerContext) {
    deadline?.cancel()
  }

  /// Ends the call with gRPC status `status`: trailers-only, or trailers after the response
  /// headers already sent.
  private func end(context: ChannelHandlerContext, status: Int, message: String) {
    var trailers: HPACKHeaders =
      responseStarted ? [:] : [":status": "200", "content-type": "application/grpc"]
    trailers.add(name: "grpc-status", value: "\(status)")
    trailers.add(name: "grpc-message", value: message)
    responseStarted = true
    responseEnded = true
    context.writeAndFlush(
      wrapOutboundOut(.headers(.init(headers: trailers, endStream: true))), promise: nil)
  }
}
