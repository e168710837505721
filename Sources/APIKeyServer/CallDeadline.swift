/// The deadline of each call, enforced through the `grpc-timeout` request header, which the gRPC
/// server honours by cancelling the handler: a client may ask for less, never for more.
enum CallDeadline {
  /// Calls that stream for as long as the subscriber listens: no deadline.
  static let unbounded: Set<String> = [
    "/apikeyserv.v1.PublicKeys/WatchPublicKeys", "/grpc.health.v1.Health/Watch",
  ]
  /// Calls that stream many messages (import, backup, bulk re-signing).
  static let streaming: Set<String> = [
    "/apikeyserv.v1.Admin/ImportRecords", "/apikeyserv.v1.Admin/Backup",
    "/apikeyserv.v1.Admin/ResignKeys",
  ]

  /// The `grpc-timeout` value a call to `path` gets, given the client's (if any); nil: leave
  /// the header as it is.
  static func header(path: String, requested: String?, limits: SocketLimits) -> String? {
    if unbounded.contains(path) { return nil }
    let cap = streaming.contains(path) ? limits.streamTimeout : limits.callTimeout
    let capMilliseconds = cap.components.seconds * 1000 + cap.components.attoseconds / 1_000_000_000_000_000
    if let requested, let asked = milliseconds(requested), asked <= capMilliseconds { return nil }
    return "\(capMilliseconds)m"
  }

  /// A `grpc-timeout` value (1 to 8 digits and a unit: H, M, S, m, u, n) in milliseconds,
  /// rounded up; nil when malformed.
  static func milliseconds(_ value: String) -> Int64? {
    guard let unit = value.last, value.count >= 2, value.count <= 9,
      let amount = Int64(value.dropLast()), amount >= 0
    else { return nil }
    switch unit {
    case "H": return amount * 3_600_000
    case "M": return amount * 60_000
    case "S": return amount * 1000
    case "m": return amount
    case "u": return (amount + 999) / 1000
    case "n": return (amount + 999_999) / 1_000_000
    default: return nil
    }
  }
}
