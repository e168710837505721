/// Input rules for the text fields of a key record, as the original's form checks them.
public enum FieldRule: Sendable {
  /// Maximum length of every text field, in characters (Unicode scalars, as Django counts).
  public static let maximumLength = 256

  /// Free text, optionally required.
  case text(required: Bool)
  /// An e-mail address, optionally required (empty allowed when not required).
  case email(required: Bool)

  /// The trimmed value, or an `invalidArgument` error naming `field`.
  public func check(_ value: String, field: String) throws(APIKeyError) -> String {
    let trimmed = value.trimmingWhitespace()
    let required: Bool
    switch self {
    case .text(let r), .email(let r): required = r
    }
    if trimmed.isEmpty {
      if required { throw .invalidArgument(field: field, reason: "is required") }
      return ""
    }
    if trimmed.unicodeScalars.count > Self.maximumLength {
      throw .invalidArgument(
        field: field, reason: "is longer than \(Self.maximumLength) characters")
    }
    if trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
      throw .invalidArgument(field: field, reason: "contains control characters")
    }
    if case .email = self, !EmailAddress.isValid(trimmed) {
      throw .invalidArgument(field: field, reason: "is not a valid e-mail address")
    }
    return trimmed
  }
}

extension String {
  /// The string without leading and trailing white space.
  func trimmingWhitespace() -> String {
    let scalars = unicodeScalars
    guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
    // '!' is fine: a non-whitespace scalar exists, found just above.
    let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
    return String(scalars[first ... last])
  }
}
