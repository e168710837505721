public import Foundation

/// An API key on the published revocation list: listed from its revocation until its last token
/// expires (for ever when a token never expires).
public struct RevokedKey: Sendable, Equatable {
  /// The API key id (the JWT `sub`).
  public let id: Int64
  /// When it was revoked.
  public let revokedAt: Date
  /// When its last token expires and it leaves the list; nil: it stays listed.
  public let expiresAt: Date?

  /// A listed key.
  public init(id: Int64, revokedAt: Date, expiresAt: Date?) {
    self.id = id
    self.revokedAt = revokedAt
    self.expiresAt = expiresAt
  }

  /// True while the key must stay on the list.
  public func isListed(at now: Date) -> Bool { expiresAt.map { $0 > now } ?? true }

  /// The revocation list document the bridge serves at `/revoked`:
  /// `{"revision":N,"revoked":[{"sub":"…","exp":…,"revoked_at":…}]}`, times in seconds since
  /// 1970, `exp` null when the key stays listed. Values are numbers only, so nothing is escaped.
  public static func document(_ keys: [RevokedKey], revision: UInt64) -> String {
    let entries = keys.map { key in
      let exp = key.expiresAt.map { "\(Int64($0.timeIntervalSince1970.rounded(.up)))" } ?? "null"
      return #"{"sub":"\#(key.id)","exp":\#(exp),"revoked_at":\#(key.revokedAt.secondsSince1970)}"#
    }
    return #"{"revision":\#(revision),"revoked":[\#(entries.joined(separator: ","))]}"#
  }
}
