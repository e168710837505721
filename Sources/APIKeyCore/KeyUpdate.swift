public import Foundation

/// A change to an API key's owner record: fields left nil keep their value.
public struct KeyUpdate: Sendable, Equatable {
  /// New values of the contact fields (see `ContactDetails`); nil keeps the old one.
  public var email: String?
  public var organisation: String?
  public var contactName: String?
  public var email2: String?
  public var contactName2: String?
  public var department: String?
  /// A new expiry (`.at` a future time, or `.never`); `.defaultTerm` is not a change.
  public var expiry: KeyExpiry?
  /// Whether the key was handed to its owner.
  public var sent: Bool?
  /// A new name (empty: none).
  public var name: String?
  /// Tags to add or change.
  public var setTags: [String: String] = [:]
  /// Tag keys to remove.
  public var removeTags: [String] = []

  /// A change of nothing; set the fields to change (UpdateKey refuses an empty one).
  public init() {}

  /// True when the update changes nothing.
  public var isEmpty: Bool { self == KeyUpdate() }

  /// `record` with this update applied and checked as a new key's fields are; `invalidArgument`
  /// names the first bad field. `modifiedAt` becomes `now`.
  public func applied(to record: KeyRecord, now: Date) throws(APIKeyError) -> KeyRecord {
    guard !isEmpty else {
      throw .invalidArgument(field: "update", reason: "names no field to change")
    }
    var out = record
    var contact = record.contact
    contact.email = email ?? contact.email
    contact.organisation = organisation ?? contact.organisation
    contact.contactName = contactName ?? contact.contactName
    contact.email2 = email2 ?? contact.email2
    contact.contactName2 = contactName2 ?? contact.contactName2
    contact.department = department ?? contact.department
    out.contact = try contact.validated()
    switch expiry {
    case .at(let date)?: out.expiresAt = try KeyExpiry.at(date).resolve(now: now)
    case .never?: out.expiresAt = nil
    case .defaultTerm?, nil: break
    }
    out.sent = sent ?? record.sent
    if let name { out.name = try KeyTags.checkName(name) }
    out.tags = try record.tags.changed(setting: setTags, removing: removeTags)
    out.modifiedAt = now
    return out
  }
}
