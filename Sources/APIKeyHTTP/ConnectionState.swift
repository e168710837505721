/// The bridge's link to the daemon's watch stream.
public enum ConnectionState: Sendable, Equatable {
  /// Trying to reach the daemon.
  case connecting
  /// Subscribed; changes arrive as they happen.
  case connected
  /// Lost or never reached; retrying with backoff. The reason is for /readyz and the log.
  case disconnected(String)

  /// The metric value: 1 connected, 0 otherwise.
  var isConnected: Bool { self == .connected }
}
