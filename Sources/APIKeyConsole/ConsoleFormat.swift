import APIKeyRPC
import Foundation
import SwiftProtobuf

/// How the console writes times and states.
enum ConsoleFormat {
  /// `2027-06-30 14:05 UTC`.
  static func time(_ date: Date) -> String {
    date.ISO8601Format().replacingOccurrences(of: "T", with: " ").prefix(16) + " UTC"
  }

  static func time(_ timestamp: Google_Protobuf_Timestamp) -> String { time(timestamp.date) }

  /// A time that may be unset: `unset` then.
  static func time(_ timestamp: Google_Protobuf_Timestamp, isSet: Bool, unset: String) -> String {
    isSet ? time(timestamp) : unset
  }

  /// `2027-06-30`, for a form's date field.
  static func day(_ date: Date) -> String { String(date.ISO8601Format().prefix(10)) }

  /// A duration in words: `12 h`, `7 d`, `90 s`.
  static func duration(seconds: Int64) -> String {
    if seconds >= 86400 && seconds % 86400 == 0 { return "\(seconds / 86400) d" }
    if seconds >= 3600 && seconds % 3600 == 0 { return "\(seconds / 3600) h" }
    if seconds >= 60 && seconds % 60 == 0 { return "\(seconds / 60) min" }
    return "\(seconds) s"
  }

  /// A key's state: the CSS class and the words.
  static func state(_ key: Apikeyserv_V1_KeyRecord, now: Date = Date()) -> (String, String) {
    if key.hasErasedAt { return ("revoked", "erased") }
    if key.hasRevokedAt { return ("revoked", "revoked") }
    if key.hasExpiresAt {
      let expiry = key.expiresAt.date
      if expiry <= now { return ("expired", "expired") }
      if expiry.timeIntervalSince(now) < 30 * 86400 { return ("expiring", "expires soon") }
    }
    return ("active", key.sent ? "active" : "active, not sent")
  }

  /// A signing key's state in words.
  static func state(_ state: Apikeyserv_V1_SigningKeyState) -> String {
    switch state {
    case .pending: "pending"
    case .current: "current"
    case .active: "active"
    case .retiring: "retiring"
    case .retired: "retired"
    default: "unknown"
    }
  }
}
