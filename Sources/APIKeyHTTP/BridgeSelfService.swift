public import APIKeyCore

/// The bridge's side of self-service (`--self-service`): where the daemon's registration socket
/// is, whom to believe about client addresses, the bridge's own limit and the pages' texts.
public struct BridgeSelfService: Sendable, Equatable {
  /// The daemon's registration socket.
  public var registerSocketPath: String
  /// Proxies whose `X-Forwarded-For` names the client; requests from anywhere else are counted
  /// by their own address.
  public var trustedProxies: [IPNetwork] = []
  /// New keys per client address (an IPv6 client counts per /64), before the daemon is asked.
  public var perClient = RateLimit(count: 10, window: 3600)
  /// Largest request body of the form and the JSON endpoint, in bytes.
  public var maximumBodySize = 16 * 1024
  public var texts = SelfServiceTexts()

  /// Self-service through the registration socket at `registerSocketPath`.
  public init(registerSocketPath: String) {
    self.registerSocketPath = registerSocketPath
  }
}
