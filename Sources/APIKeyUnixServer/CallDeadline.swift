package import GRPCCore

/// The deadline of each call: written into the `grpc-timeout` request header, which the gRPC
/// server turns into a cancellation of the handler (a client may ask for less, never for more),
/// and enforced by `StreamGate`, which ends a call still open a second after it, since a handler
/// waiting for a request message that never comes does not see that cancellation.
package enum CallDeadline {
  /// Calls that stream for as long as the subscriber listens (or, for VerifyKeys, keeps sending
  /// tokens): no deadline.
  static let unbounded: Set<String> = [
    "/apikeyserv.v1.PublicKeys/WatchPublicKeys", "/grpc.health.v1.Health/Watch",
    "/apikeyserv.v1.PublicKeys/VerifyKeys",
  ]
  /// `unbounded` as descriptors, so a call's own descriptor is looked up without building its
  /// path.
  private static let unboundedMethods = Set(
    unbounded.map { path in
      let parts = path.split(separator: "/")
      return MethodDescriptor(fullyQualifiedService: String(parts[0]), method: String(parts[1]))
    })

  /// Whether calls of `method` have no deadline (the watch streams).
  package static func isUnbounded(_ method: MethodDescriptor) -> Bool {
    unboundedMethods.contains(method)
  }

  /// Calls that stream many messages (import, backup, bulk re-signing).
  static let streaming: Set<String> = [
    "/apikeyserv.v1.Admin/ImportRecords", "/apikeyserv.v1.Admin/Backup",
    "/apikeyserv.v1.Admin/ResignKeys",
  ]

  /// The `grpc-timeout` value a call to `path` gets, given the client's (if any); nil: leave
  /// the header as it is.
  static func header(path: String, requested: String?, limits: SocketLimits) -> String? {
    guard let cap = cap(path: path, limits: limits) else { return nil }
    if let requested, let asked = milliseconds(requested), asked <= cap { return nil }
    return "\(cap)m"
  }

  /// How long, in milliseconds, a call to `path` may last: the client's deadline or the cap,
  /// whichever is shorter; nil for the watch streams.
  static func effective(path: String, requested: String?, limits: SocketLimits) -> Int64? {
    guard let cap = cap(path: path, limits: limits) else { return nil }
    return min(requested.flatMap(milliseconds) ?? cap, cap)
  }

  /// The longest a call to `path` may last, in milliseconds; nil for the watch streams.
  private static func cap(path: String, limits: SocketLimits) -> Int64? {
    if unbounded.contains(path) { return nil }
    let cap = streaming.contains(path) ? limits.streamTimeout : limits.callTimeout
    return cap.components.seconds * 1000 + cap.components.attoseconds / 1_000_000_000_000_000
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
