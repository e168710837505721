import Glibc
import GRPCNIOTransportHTTP2
import NIOCore
import NIOHPACK
import NIOHTTP2

/// Who is on the other end of a Unix socket connection, as the kernel tells (SO_PEERCRED): handed
/// to the services as the `x-apikeyserv-peer` request header (`pid=… uid=… gid=…`). Any header of
/// that name a client sends is removed first, so the value cannot be forged.
enum PeerCredentials {
  /// The metadata key the services read.
  static let metadataKey = "x-apikeyserv-peer"

  /// `struct ucred` of <sys/socket.h>.
  private struct UCred {
    var pid: Int32 = 0
    var uid: UInt32 = 0
    var gid: UInt32 = 0
  }

  /// Transport callbacks that install the header rewriter on every HTTP/2 stream.
  static var callbacks: HTTP2ServerTransport.Config.ChannelDebuggingCallbacks {
    .init(
      onBindTCPListener: nil, onAcceptTCPConnection: nil,
      onAcceptHTTP2Stream: { stream in
        guard let connection = stream.parent as? any SocketOptionProvider else {
          return install(value: nil, on: stream)
        }
        // SOL_SOCKET = 1, SO_PEERCRED = 17 on Linux.
        let credentials: EventLoopFuture<UCred> = connection.unsafeGetSocketOption(
          level: SocketOptionLevel(SOL_SOCKET), name: SocketOptionName(17))
        return credentials.flatMap { cred in
          install(value: "pid=\(cred.pid) uid=\(cred.uid) gid=\(cred.gid)", on: stream)
        }.flatMapError { _ in install(value: nil, on: stream) }
      })
  }

  private static func install(value: String?, on stream: any Channel) -> EventLoopFuture<Void> {
    stream.eventLoop.makeCompletedFuture {
      try stream.pipeline.syncOperations.addHandler(HeaderRewriter(value: value), position: .first)
    }
  }

  /// Replaces the peer header in a stream's request headers.
  private final class HeaderRewriter: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTP2Frame.FramePayload
    typealias InboundOut = HTTP2Frame.FramePayload

    let value: String?

    init(value: String?) {
      self.value = value
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
      guard case .headers(var headers) = unwrapInboundIn(data) else {
        context.fireChannelRead(data)
        return
      }
      headers.headers.remove(name: PeerCredentials.metadataKey)
      if let value { headers.headers.add(name: PeerCredentials.metadataKey, value: value) }
      context.fireChannelRead(wrapInboundOut(.headers(headers)))
    }
  }
}
