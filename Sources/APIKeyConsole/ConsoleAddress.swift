/// Where the console listens: an address and port on loopback (port 0: a free one), or a Unix
/// socket (`unix:PATH`, reached from a laptop with `ssh -L 8080:PATH host`).
public enum ConsoleAddress: Sendable, Equatable, CustomStringConvertible {
  /// A TCP address; the console refuses any that is not loopback.
  case tcp(host: String, port: Int)
  /// A Unix socket, created mode 0600 (only the admin who runs the console can connect).
  case unix(path: String)

  /// The default: 127.0.0.1, a free port.
  public static let loopback = ConsoleAddress.tcp(host: "127.0.0.1", port: 0)

  /// Reads `127.0.0.1:8080`, `[::1]:8080`, `localhost:8080`, `8080` (on 127.0.0.1) or
  /// `unix:PATH`; nil for anything else, an address that is not loopback included: the console
  /// is for the admin on this host (or through an SSH tunnel), never for the network.
  public init?(_ text: String) {
    if text.hasPrefix("unix:") {
      let path = String(text.dropFirst(5))
      guard !path.isEmpty, path.utf8.count < 100 else { return nil }
      self = .unix(path: path)
      return
    }
    var host = "127.0.0.1"
    var portText = Substring(text)
    if let colon = text.lastIndex(of: ":") {
      host = String(text[..<colon])
      portText = text[text.index(after: colon)...]
      if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
    }
    guard let port = Int(portText), (0 ... 65535).contains(port),
      ["127.0.0.1", "::1", "localhost"].contains(host) || host.hasPrefix("127.")
    else { return nil }
    self = .tcp(host: host, port: port)
  }

  public var description: String {
    switch self {
    case .tcp(let host, let port): host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    case .unix(let path): "unix:\(path)"
    }
  }
}
