import APIKeyRPC
import GRPCNIOTransportHTTP2
import Glibc
import NIOCore
import NIOHPACK
import NIOHTTP2

/// Who is on the other end of a Unix socket connection, as the kernel tells (SO_PEERCRED): counted
/// against the socket's per-user limits, and handed to the services as the `RPCHeader.peer`
/// request header (`pid=… uid=… gid=…`). Any header of that name a client sends is removed first,
/// so the value cannot be forged.
enum PeerCredentials {
  /// `struct ucred` of <sys/socket.h>.
  private struct UCred {
    var pid: Int32 = 0
    var uid: UInt32 = 0
    var gid: UInt32 = 0
  }

  /// Transport callbacks: each connection is counted against `limiter`'s caps for its user (and
  /// closed at once when over), each stream too; every stream gets the header rewriter (peer
  /// header, capped deadline).
  static func callbacks(
    limiter: PeerLimiter
  ) -> HTTP2ServerTransport.Config.ChannelDebuggingCallbacks {
    .init(
      onBindTCPListener: nil,
      onAcceptTCPConnection: { connection in
        credentials(of: connection).flatMap { cred in
          guard let cred else { return connection.eventLoop.makeSucceededVoidFuture() }
          guard limiter.openConnection(uid: cred.uid) else { return connection.close() }
          connection.closeFuture.whenComplete { _ in limiter.closeConnection(uid: cred.uid) }
          return connection.eventLoop.makeCompletedFuture {
            guard let idle = limiter.limits.idleTimeout else { return }
            let nanoseconds =
              idle.components.seconds * 1_000_000_000 + idle.components.attoseconds / 1_000_000_000
            try connection.pipeline.syncOperations.addHandler(
              SilenceGuard(idleTimeout: .nanoseconds(nanoseconds)), position: .first)
          }
        }
      },
      onAcceptHTTP2Stream: { stream in
        let parent = stream.parent ?? stream
        return credentials(of: parent).flatMap { cred in
          if let cred {
            guard limiter.openStream(uid: cred.uid) else {
              let cap = limiter.limits.maximumStreamsPerUser ?? 0
              return install(
                value: nil, limits: limiter.limits, on: stream,
                refusal:
                  "uid \(cred.uid) has \(cap) calls open on this socket already (the limit); finish one first"
              )
            }
            stream.closeFuture.whenComplete { _ in limiter.closeStream(uid: cred.uid) }
          }
          // Streams run on their connection's event loop, as its SilenceGuard does.
          if let silence = try? parent.pipeline.syncOperations.handler(type: SilenceGuard.self) {
            silence.streamOpened()
            let loopBound = NIOLoopBound(silence, eventLoop: stream.eventLoop)
            stream.closeFuture.whenComplete { _ in loopBound.value.streamClosed() }
          }
          return install(
            value: cred.map { RPCHeader.peer(pid: $0.pid, uid: $0.uid, gid: $0.gid) },
            limits: limiter.limits,
            on: stream)
        }
      })
  }

  /// The peer of a Unix socket connection, as the kernel tells; nil when it cannot be asked.
  private static func credentials(of connection: any Channel) -> EventLoopFuture<UCred?> {
    guard let provider = connection as? any SocketOptionProvider else {
      return connection.eventLoop.makeSucceededFuture(nil)
    }
    // SOL_SOCKET = 1, SO_PEERCRED = 17 on Linux.
    let credentials: EventLoopFuture<UCred> = provider.unsafeGetSocketOption(
      level: SocketOptionLevel(SOL_SOCKET), name: SocketOptionName(17))
    return credentials.map { Optional($0) }.recover { _ in nil }
  }

  private static func install(
    value: String?, limits: SocketLimits, on stream: any Channel, refusal: String? = nil
  ) -> EventLoopFuture<Void> {
    stream.eventLoop.makeCompletedFuture {
      try stream.pipeline.syncOperations.addHandler(
        StreamGate(peer: value, limits: limits, refusal: refusal), position: .first)
    }
  }
}
