/// A request for a new API key, before validation.
public struct IssueRequest: Sendable, Equatable {
  /// Longest accepted idempotency key.
  public static let maximumRequestIDLength = 128

  /// Who the key is for: the contact data kept beside the key, never put in the token.
  public var contact: ContactDetails
  /// When the key expires.
  public var expiry: KeyExpiry
  /// Optional idempotency key; the same id returns the same key.
  public var requestID: String?
  /// What the key is for (optional; see `KeyTags.checkName`).
  public var name: String
  /// Labels for the key (optional).
  public var tags: KeyTags

  /// A request as received; `validated()` checks and normalises it.
  public init(
    contact: ContactDetails, expiry: KeyExpiry = .defaultTerm, requestID: String? = nil,
    name: String = "", tags: KeyTags = KeyTags()
  ) {
    self.name = name
    self.tags = tags
    self.contact = contact
    self.expiry = expiry
    self.requestID = requestID
  }

  /// The request with its fields checked and trimmed; `invalidArgument` names the first bad field.
  public func validated() throws(APIKeyError) -> IssueRequest {
    var out = self
    out.contact = try contact.validated()
    out.name = try KeyTags.checkName(name)
    out.tags = try tags.validated()
    if let requestID {
      let trimmed = requestID.trimmingWhitespace()
      if trimmed.isEmpty {
        out.requestID = nil
      } else if trimmed.unicodeScalars.count > Self.maximumRequestIDLength {
        throw .invalidArgument(
          field: "request_id", reason: "is longer than \(Self.maximumRequestIDLength) characters")
      } else if trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }
      ) {
        throw .invalidArgument(field: "request_id", reason: "contains control characters")
      } else {
        out.requestID = trimmed
      }
    }
    return out
  }
}
