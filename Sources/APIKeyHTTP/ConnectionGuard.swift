import Foundation
public import NIOCore
import NIOHTTPTypes
import Synchronization

/// Keeps the bridge answering under many idle or unfinished connections (slowloris, slow bodies),
/// as nginx does: a connection must send a complete request head within `headerTimeout` of opening
/// or of its previous response, and the whole request, body included, within `requestTimeout`;
/// when `maximumConnections` are open a new connection makes room by closing the connection that
/// has waited longest for a request or for the rest of one. Only when every open connection is
/// being answered is the new one turned away.
public final class ConnectionGuard: Sendable {
  /// What one bridge allows at once, and how long a connection may take to ask.
  public struct Limits: Sendable {
    /// Open connections at most.
    public var maximumConnections: Int
    /// How long a connection may take to send a request head.
    public var headerTimeout: TimeAmount
    /// How long a connection may take to send a whole request, head and body.
    public var requestTimeout: TimeAmount

    /// Limits for the bridge's listener.
    public init(
      maximumConnections: Int, headerTimeout: TimeAmount, requestTimeout: TimeAmount = .seconds(30)
    ) {
      self.maximumConnections = maximumConnections
      self.headerTimeout = headerTimeout
      self.requestTimeout = max(requestTimeout, headerTimeout)
    }
  }

  private struct Entry {
    let channel: any Channel
    /// Since when it waits for a request or the rest of one; nil while one is being answered.
    var waitingSince: NIODeadline?
  }

  private struct State {
    var connections: [ObjectIdentifier: Entry] = [:]
    var evicted = 0
    var timedOut = 0
    var refused = 0
  }

  let limits: Limits
  private let state = Mutex(State())

  /// A guard with `limits`.
  public init(limits: Limits) {
    self.limits = limits
  }

  /// Connections open now.
  public var openConnections: Int { state.withLock { $0.connections.count } }
  /// Connections closed to make room, closed for a slow request (head or body), and turned
  /// away.
  public var closedCounts: (evicted: Int, timedOut: Int, refused: Int) {
    state.withLock { ($0.evicted, $0.timedOut, $0.refused) }
  }

  /// A handler for one new connection's pipeline (after HTTP decoding).
  public func handler() -> any RemovableChannelHandler {
    ConnectionGuardHandler(guard: self)
  }

  /// Registers `channel`; closes the longest-waiting connection when at the cap, or returns false
  /// when none is waiting (the caller closes the new one).
  fileprivate func opened(_ channel: any Channel) -> Bool {
    let (admitted, victim) = state.withLock { state -> (Bool, (any Channel)?) in
      var victim: (any Channel)?
      if state.connections.count >= limits.maximumConnections {
        let oldest = state.connections.filter { $0.value.waitingSince != nil }
          .min { $0.value.waitingSince! < $1.value.waitingSince! }  // '!': filtered non-nil
        guard let oldest else {
          state.refused += 1
          return (false, nil)
        }
        state.connections.removeValue(forKey: oldest.key)
        state.evicted += 1
        victim = oldest.value.channel
      }
      state.connections[ObjectIdentifier(channel)] = Entry(channel: channel, waitingSince: .now())
      return (true, victim)
    }
    victim?.close(promise: nil)
    return admitted
  }

  fileprivate func closed(_ channel: any Channel) {
    _ = state.withLock { $0.connections.removeValue(forKey: ObjectIdentifier(channel)) }
  }

  fileprivate func setWaiting(_ channel: any Channel, _ waiting: Bool) {
    state.withLock { state in
      state.connections[ObjectIdentifier(channel)]?.waitingSince = waiting ? .now() : nil
    }
  }

  fileprivate func countTimeout() {
    state.withLock { $0.timedOut += 1 }
  }
}

/// Tracks one connection: waiting for a request (its head, then the rest of it), or answering one.
final class ConnectionGuardHandler: ChannelDuplexHandler, RemovableChannelHandler {
  typealias InboundIn = HTTPRequestPart
  typealias InboundOut = HTTPRequestPart
  typealias OutboundIn = HTTPResponsePart
  typealias OutboundOut = HTTPResponsePart

  private let connectionGuard: ConnectionGuard
  /// Waiting for a request or the rest of one (not answering).
  private var waiting = true
  /// The head of the request being waited for has arrived.
  private var headArrived = false
  private var generation = 0
  private var registered = false

  init(guard connectionGuard: ConnectionGuard) {
    self.connectionGuard = connectionGuard
  }

  func handlerAdded(context: ChannelHandlerContext) {
    guard context.channel.isActive else { return }
    register(context: context)
  }

  func channelActive(context: ChannelHandlerContext) {
    if !registered { register(context: context) }
    context.fireChannelActive()
  }

  private func register(context: ChannelHandlerContext) {
    registered = true
    guard connectionGuard.opened(context.channel) else {
      context.close(promise: nil)
      return
    }
    startHeaderTimer(context: context)
  }

  func channelInactive(context: ChannelHandlerContext) {
    connectionGuard.closed(context.channel)
    context.fireChannelInactive()
  }

  func handlerRemoved(context: ChannelHandlerContext) {
    connectionGuard.closed(context.channel)
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    switch unwrapInboundIn(data) {
    case .head: headArrived = true
    case .end where waiting && headArrived:
      // The request is whole: it is being answered, no longer a candidate for eviction.
      waiting = false
      generation += 1
      connectionGuard.setWaiting(context.channel, false)
    default: break
    }
    context.fireChannelRead(data)
  }

  func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
    if case .end = unwrapOutboundIn(data) {
      waiting = true
      headArrived = false
      generation += 1
      connectionGuard.setWaiting(context.channel, true)
      startHeaderTimer(context: context)
    }
    context.write(data, promise: promise)
  }

  /// Closes the connection unless a request head arrives within the header timeout and the
  /// whole request within the request timeout.
  private func startHeaderTimer(context: ChannelHandlerContext) {
    let limits = connectionGuard.limits
    schedule(in: limits.headerTimeout, context: context) { !$0.headArrived }
    schedule(in: limits.requestTimeout, context: context) { _ in true }
  }

  /// Closes the connection after `delay` when it still waits for the same request and `late`.
  private func schedule(
    in delay: TimeAmount, context: ChannelHandlerContext,
    late: @escaping (ConnectionGuardHandler) -> Bool
  ) {
    let expected = generation
    let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
    context.eventLoop.scheduleTask(in: delay) {
      let (handler, context) = loopBound.value
      guard handler.waiting, handler.generation == expected, late(handler),
        context.channel.isActive
      else {
        return
      }
      handler.connectionGuard.countTimeout()
      context.close(promise: nil)
    }
  }
}
