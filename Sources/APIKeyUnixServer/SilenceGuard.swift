import NIOCore

/// Closes a connection that has sent nothing for `idleTimeout` while it has no open stream.
/// gRPC's own idle handling ends a connection with GOAWAY and a PING and then waits for the
/// answer, which a hostile client never sends; this handler does not wait. A subscriber's
/// long-lived watch stream is an open stream, so it is never cut.
final class SilenceGuard: ChannelInboundHandler, RemovableChannelHandler {
  typealias InboundIn = NIOAny

  private let idleTimeout: TimeAmount
  private var lastRead = NIODeadline.now()
  private var openStreams = 0
  private var check: RepeatedTask?

  init(idleTimeout: TimeAmount) {
    self.idleTimeout = idleTimeout
  }

  func handlerAdded(context: ChannelHandlerContext) {
    let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
    let interval = TimeAmount.nanoseconds(max(idleTimeout.nanoseconds / 4, 10_000_000))
    check = context.eventLoop.scheduleRepeatedTask(initialDelay: interval, delay: interval) { _ in
      let (handler, context) = loopBound.value
      guard handler.openStreams == 0, NIODeadline.now() - handler.lastRead >= handler.idleTimeout
      else { return }
      handler.check?.cancel()
      context.close(promise: nil)
    }
  }

  func handlerRemoved(context: ChannelHandlerContext) {
    check?.cancel()
  }

  func channelInactive(context: ChannelHandlerContext) {
    check?.cancel()
    context.fireChannelInactive()
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    lastRead = .now()
    context.fireChannelRead(data)
  }

  /// A stream opened on this connection (on its event loop); `streamClosed` when it ends.
  func streamOpened() { openStreams += 1 }

  func streamClosed() {
    openStreams -= 1
    lastRead = .now()
  }
}
