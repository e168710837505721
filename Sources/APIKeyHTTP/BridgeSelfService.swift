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
  /// The origins whose pages may POST `/apikeys/` from a browser (`https://data.example.org`);
  /// empty: any origin, as the original. When set, a POST carrying another `Origin` is refused
  /// (403) before anything is counted or asked, and CORS answers name only these origins.
  public var allowedOrigins: [String] = []
  /// The base URL of the APIs the keys are for, as `/docs/` shows it in its examples
  /// (`https://api.data.example.org`); nil: a placeholder.
  public var apiBaseURL: String?

  /// `text` as an origin (`scheme://host[:port]`, lower-cased, without a default port); nil when
  /// it is not one.
  public static func origin(_ text: String) -> String? {
    let lowered = text.lowercased()
    guard let scheme = ["https://", "http://"].first(where: lowered.hasPrefix) else { return nil }
    let rest = lowered.dropFirst(scheme.count)
    let parts = rest.split(separator: ":", omittingEmptySubsequences: false)
    guard !rest.isEmpty, parts.count <= 2, let host = parts.first, !host.isEmpty,
      host.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" })
    else { return nil }
    if parts.count == 2 {
      guard let port = Int(parts[1]), (1 ... 65535).contains(port) else { return nil }
      if (scheme == "https://" && port == 443) || (scheme == "http://" && port == 80) {
        return scheme + host
      }
    }
    return scheme + rest
  }

  /// Self-service through the registration socket at `registerSocketPath`.
  public init(registerSocketPath: String) {
    self.registerSocketPath = registerSocketPath
  }
}
