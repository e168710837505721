public import Foundation

/// The claims apikeyserv puts in an API key: the key's id and its times. Nothing personal.
public struct TokenClaims: Sendable, Equatable {
  /// The API key id as a decimal string (the JWT `sub`).
  public var subject: String
  /// When the token was signed (`iat`), whole seconds.
  public var issuedAt: Date?
  /// When the token stops being valid (`exp`), whole seconds; nil: never.
  public var expiresAt: Date?
  /// Before this the token is not valid (`nbf`); apikeyserv does not set it, others may.
  public var notBefore: Date?

  /// Claims for API key `id`.
  public init(keyID id: Int64, issuedAt: Date?, expiresAt: Date?) {
    self.init(subject: String(id), issuedAt: issuedAt, expiresAt: expiresAt)
  }

  /// Claims with an arbitrary subject.
  public init(subject: String, issuedAt: Date?, expiresAt: Date?, notBefore: Date? = nil) {
    self.subject = subject
    self.issuedAt = issuedAt
    self.expiresAt = expiresAt
    self.notBefore = notBefore
  }

  /// The subject as an API key id, when it is a positive 63-bit decimal number.
  public var keyID: Int64? {
    guard !subject.isEmpty, subject.utf8.allSatisfy({ (0x30 ... 0x39).contains($0) }),
      let id = Int64(subject), id > 0
    else { return nil }
    return id
  }
}
