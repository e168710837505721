public import Foundation

/// When a new API key expires.
public enum KeyExpiry: Sendable, Equatable {
  /// One year after issuing, as the original.
  case defaultTerm
  /// At this time, which must be in the future.
  case at(Date)
  /// The key never expires (the original allowed it; the default is a year).
  case never

  /// How long the default term lasts.
  public static let defaultDuration: TimeInterval = 365 * 24 * 3600

  /// The expiry time for a key issued at `now`, or an error when an explicit time has passed.
  public func resolve(now: Date) throws(APIKeyError) -> Date? {
    switch self {
    case .defaultTerm: return now + Self.defaultDuration
    case .never: return nil
    case .at(let date):
      guard date > now else {
        throw .invalidArgument(field: "expires_at", reason: "is in the past")
      }
      return date
    }
  }
}
