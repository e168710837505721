public import Hummingbird
public import NIOCore

/// The bridge's request context: Hummingbird's basics plus the connection's peer address, which
/// the self-service limit counts (see `ClientAddress`).
public struct BridgeRequestContext: RequestContext, RemoteAddressRequestContext {
  public var coreContext: CoreRequestContextStorage
  /// The TCP peer: the client, or a proxy in front of the bridge.
  public let remoteAddress: SocketAddress?

  public init(source: ApplicationRequestContextSource) {
    coreContext = .init(source: source)
    remoteAddress = source.channel.remoteAddress
  }
}
