/// Limits of one socket against hostile or runaway local clients. The public socket is any local
/// user's: it is bounded per user (by the kernel's SO_PEERCRED uid, which a client cannot forge)
/// and in total, leaving descriptors in reserve so the admin socket can always accept.
package struct SocketLimits: Sendable, Equatable {
  /// Open connections at most, all users together; nil: no cap.
  package var maximumConnections: Int?
  /// Open connections per user; nil: no cap.
  package var maximumConnectionsPerUser: Int?
  /// Concurrent RPC streams per user, over all their connections; nil: no cap.
  package var maximumStreamsPerUser: Int?
  /// Concurrent streams per connection (HTTP/2 SETTINGS_MAX_CONCURRENT_STREAMS).
  var maximumStreamsPerConnection: Int
  /// Largest request message, in bytes.
  var maximumMessageSize: Int
  /// A connection without any RPC for this long is closed; nil: never.
  var idleTimeout: Duration?
  /// Longest unary call, and the deadline any longer one a client asks for is cut to.
  var callTimeout: Duration
  /// Longest client- or server-streaming call (import, backup, re-signing); the watch streams
  /// (WatchPublicKeys, Health.Watch) have none: they live as long as the subscriber.
  var streamTimeout: Duration

  /// Limits as given.
  package init(
    maximumConnections: Int?, maximumConnectionsPerUser: Int?, maximumStreamsPerUser: Int?,
    maximumStreamsPerConnection: Int, maximumMessageSize: Int, idleTimeout: Duration?,
    callTimeout: Duration, streamTimeout: Duration
  ) {
    self.maximumConnections = maximumConnections
    self.maximumConnectionsPerUser = maximumConnectionsPerUser
    self.maximumStreamsPerUser = maximumStreamsPerUser
    self.maximumStreamsPerConnection = maximumStreamsPerConnection
    self.maximumMessageSize = maximumMessageSize
    self.idleTimeout = idleTimeout
    self.callTimeout = callTimeout
    self.streamTimeout = streamTimeout
  }

  /// The admin socket: its own user or group only, so no per-user caps; generous deadlines.
  package static func admin(maximumMessageSize: Int, callTimeout: Duration) -> SocketLimits {
    SocketLimits(
      maximumConnections: nil, maximumConnectionsPerUser: nil, maximumStreamsPerUser: nil,
      maximumStreamsPerConnection: 256, maximumMessageSize: maximumMessageSize, idleTimeout: nil,
      callTimeout: callTimeout, streamTimeout: .seconds(3600))
  }
}
