public import Foundation

/// An API key on the published revocation list: listed from its revocation until `listingMargin`
/// after its last token expires (for ever when a token never expires).
public struct RevokedKey: Sendable, Equatable {
  /// How long a revoked key stays listed after its last token expired. A verifier that allows
  /// clock skew (leeway) on `exp` would otherwise accept that token again in the gap between the
  /// key leaving the list and the token's `exp` plus the leeway; verifiers cap their leeway well
  /// below this margin (`maximumLeeway`).
  public static let listingMargin: TimeInterval = 3600
  /// The largest clock-skew leeway a verifier may allow on `exp`/`nbf`: well below
  /// `listingMargin`, so a revoked key's token is never accepted again by a lenient clock.
  public static let maximumLeeway: TimeInterval = 300

  /// The API key id (the JWT `sub`).
  public let id: Int64
  /// When it was revoked.
  public let revokedAt: Date
  /// When its last token expires; nil: it stays listed. It leaves the list `listingMargin` later.
  public let expiresAt: Date?

  /// A revoked key, listed until its last token could expire (see `listingMargin`).
  public init(id: Int64, revokedAt: Date, expiresAt: Date?) {
    self.id = id
    self.revokedAt = revokedAt
    self.expiresAt = expiresAt
  }

  /// Until when a key revoked now is listed: the last expiry among its tokens' and its own
  /// (`tokenExpiries`, `keyExpiry`); nil (for ever) when any of them never expires.
  public static func listedUntil(tokenExpiries: [Date?], keyExpiry: Date?) -> Date? {
    let expiries = tokenExpiries + [keyExpiry]
    return expiries.contains { $0 == nil } ? nil : expiries.compactMap { $0 }.max()
  }

  /// When it leaves the list: `listingMargin` after its last token expires; nil: never.
  public var leavesListAt: Date? { expiresAt.map { $0 + Self.listingMargin } }

  /// True while the key must stay on the list.
  public func isListed(at now: Date) -> Bool { leavesListAt.map { $0 > now } ?? true }

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
