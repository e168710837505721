public import Foundation

/// Microseconds since the Unix epoch: how apikeyserv stores times (exact, sortable integers).
extension Date {
  /// This time in whole microseconds since 1970, rounded towards the past.
  public var microsecondsSince1970: Int64 {
    Int64((timeIntervalSince1970 * 1_000_000).rounded(.down))
  }

  /// The time `microseconds` after 1970.
  public init(microsecondsSince1970 microseconds: Int64) {
    self.init(timeIntervalSince1970: Double(microseconds) / 1_000_000)
  }

  /// This time in whole seconds since 1970, rounded towards the past (JWT NumericDate).
  public var secondsSince1970: Int64 {
    Int64(timeIntervalSince1970.rounded(.down))
  }
}
