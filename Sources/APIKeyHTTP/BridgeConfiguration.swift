/// Everything the bridge needs, read once in `main`.
public struct BridgeConfiguration: Sendable {
  /// The daemon's public socket.
  public var socketPath: String
  public var host: String
  public var port: Int
  /// `Cache-Control: public, max-age=…` on the key endpoints, in seconds.
  public var maxAge: Int
  /// Longest wait between reconnection attempts.
  public var maximumBackoff: Duration

  /// A configuration.
  public init(
    socketPath: String, host: String = "127.0.0.1", port: Int = 8000, maxAge: Int = 60,
    maximumBackoff: Duration = .seconds(5)
  ) {
    self.socketPath = socketPath
    self.host = host
    self.port = port
    self.maxAge = maxAge
    self.maximumBackoff = maximumBackoff
  }
}
