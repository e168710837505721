/// Where metrics are served (`--metrics-listen`): a TCP address, loopback unless a host is
/// named, or a Unix socket.
public enum MetricsAddress: Sendable, Hashable, CustomStringConvertible {
  case tcp(host: String, port: Int)
  case unix(path: String)

  /// `9464` (127.0.0.1:9464), `HOST:PORT`, `[IPV6]:PORT`, or a Unix socket as an absolute path
  /// or `unix:PATH`. Throws a message that names what is wrong.
  public init(_ text: String) throws(MetricsAddressError) {
    if text.hasPrefix("unix:") || text.hasPrefix("/") {
      let path = text.hasPrefix("unix:") ? String(text.dropFirst(5)) : text
      guard path.hasPrefix("/"), path.utf8.count < 108 else {
        throw MetricsAddressError(
          "\(text): a Unix socket needs an absolute path shorter than 108 bytes")
      }
      self = .unix(path: path)
      return
    }
    var host = "127.0.0.1"
    var portText = Substring(text)
    if text.hasPrefix("["), let end = text.firstIndex(of: "]") {
      host = String(text[text.index(after: text.startIndex) ..< end])
      let rest = text[text.index(after: end)...]
      guard rest.hasPrefix(":") else {
        throw MetricsAddressError("\(text): expected [IPV6]:PORT")
      }
      portText = rest.dropFirst()
    } else if let colon = text.lastIndex(of: ":") {
      host = String(text[..<colon])
      portText = text[text.index(after: colon)...]
      guard !host.isEmpty, !host.contains(":") else {
        throw MetricsAddressError("\(text): expected HOST:PORT (an IPv6 host goes in brackets)")
      }
    }
    guard let port = Int(portText), (1 ... 65535).contains(port) else {
      throw MetricsAddressError("\(text): the port must be a number from 1 to 65535")
    }
    self = .tcp(host: host, port: port)
  }

  public var description: String {
    switch self {
    case .tcp(let host, let port): host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    case .unix(let path): "unix:\(path)"
    }
  }
}

/// A `--metrics-listen` value that is not an address.
public struct MetricsAddressError: Error, CustomStringConvertible {
  public let description: String
  init(_ description: String) { self.description = description }
}
