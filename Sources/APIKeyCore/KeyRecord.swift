public import Foundation

/// The stored record of one API key and its owner.
public struct KeyRecord: Sendable, Equatable {
  /// Random 63-bit id, never 0; the token's `sub`.
  public var id: Int64
  /// Who holds the key.
  public var contact: ContactDetails
  public var createdAt: Date
  public var modifiedAt: Date
  /// Nil: the key never expires.
  public var expiresAt: Date?
  /// Whether the key was handed to its owner.
  public var sent: Bool
  /// When the key was revoked (for good); nil while it is not.
  public var revokedAt: Date?
  /// Why the key was requested (kept from the original's older records; empty otherwise).
  public var reason: String
  /// What the key is for, in its issuer's words (`KeyTags.checkName`); empty when not given.
  public var name: String
  /// Labels, `key=value`.
  public var tags: KeyTags
  /// When the owner's details (contact, name, tags, reason) were erased; nil while they are kept.
  public var erasedAt: Date?

  /// A record as stored; new keys get their id from `randomID`.
  public init(
    id: Int64, contact: ContactDetails, createdAt: Date, modifiedAt: Date, expiresAt: Date?,
    sent: Bool = false, revokedAt: Date? = nil, reason: String = "", name: String = "",
    tags: KeyTags = KeyTags(), erasedAt: Date? = nil
  ) {
    self.erasedAt = erasedAt
    self.name = name
    self.tags = tags
    self.id = id
    self.contact = contact
    self.createdAt = createdAt
    self.modifiedAt = modifiedAt
    self.expiresAt = expiresAt
    self.sent = sent
    self.revokedAt = revokedAt
    self.reason = reason
  }

  /// A fresh random id: 8 random bytes shifted right by one (as the original), never 0.
  public static func randomID(using random: () -> UInt64) -> Int64 {
    while true {
      let id = Int64(random() >> 1)
      if id != 0 { return id }
    }
  }
}
