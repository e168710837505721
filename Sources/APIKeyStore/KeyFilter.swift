public import Foundation

/// Which API key records a listing returns; every filter set must match.
public struct KeyFilter: Sendable, Equatable {
  /// Exact organisation, ignoring ASCII case.
  public var organisation: String?
  /// Matches `email` or `email_2`, ignoring ASCII case.
  public var email: String?
  /// Keys not yet expired that expire before this time.
  public var expiringBefore: Date?
  /// Only revoked (true) or only not revoked (false) keys.
  public var revoked: Bool?
  /// Only keys marked sent (true) or not (false).
  public var sent: Bool?
  /// Text anywhere in the e-mail addresses, contact names, organisation, department, name or
  /// id, ignoring case.
  public var search: String?
  /// Keys with every one of these tags (values ignoring case).
  public var tags: [String: String] = [:]
  /// Text in the key's name, ignoring case.
  public var nameContains: String?
  /// Keys with an accepted use reported at or after this time.
  public var usedSince: Date?
  /// Keys with no accepted use reported at or after this time.
  public var unusedSince: Date?
  /// Only expired keys (true) or only keys not expired (false); a key that never expires is
  /// never expired.
  public var expired: Bool?
  /// Keys holding a token (any, expired or not) signed by this signing key.
  public var signedBy: String?
  /// The order of the listing (not a filter: it is sent with every page, as the filters are).
  public var order: KeyOrder = .newest

  /// A filter; nil everywhere matches every key.
  public init(
    organisation: String? = nil, email: String? = nil, expiringBefore: Date? = nil,
    revoked: Bool? = nil, sent: Bool? = nil, search: String? = nil
  ) {
    self.search = search
    self.organisation = organisation
    self.email = email
    self.expiringBefore = expiringBefore
    self.revoked = revoked
    self.sent = sent
  }
}
