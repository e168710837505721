/// Input rules for the text fields of a key record, as the original's form checks them.
public enum FieldRule: Sendable {
  /// Maximum length of every text field, in characters (Unicode scalars, as Django counts).
  public static let maximumLength = 256

  /// Free text, optionally required.
  case text(required: Bool)
  /// An e-mail address, optionally required (empty allowed when not required).
  case email(required: Bool)

  /// The trimmed value, or an `invalidArgument` error naming `field`; at most `maximumLength`
  /// characters (Unicode scalars).
  public func check(
    _ value: String, field: String, maximumLength: Int = Self.maximumLength
  ) throws(APIKeyError) -> String {
    let trimmed = value.trimmingWhitespace()
    let required: Bool
    switch self {
    case .text(let r), .email(let r): required = r
    }
    if trimmed.isEmpty {
      if required { throw .invalidArgument(field: field, reason: "is required") }
      return ""
    }
    if trimmed.unicodeScalars.count > maximumLength {
      throw .invalidArgument(field: field, reason: "is longer than \(maximumLength) characters")
    }
    if trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
      throw .invalidArgument(field: field, reason: "contains control characters")
    }
    if let hidden = trimmed.unicodeScalars.first(where: Self.isInvisibleFormatting) {
      throw .invalidArgument(
        field: field,
        reason:
          "contains an invisible formatting character (U+\(String(hidden.value, radix: 16, uppercase: true))), which can make a listing show text other than what it holds"
      )
    }
    if case .email = self, !EmailAddress.isValid(trimmed) {
      throw .invalidArgument(field: field, reason: "is not a valid e-mail address")
    }
    return trimmed
  }
}

extension FieldRule {
  /// Format characters (bidirectional overrides and isolates such as U+202E, zero-width spaces,
  /// the byte order mark, soft hyphens) and line or paragraph separators: they change how a
  /// listing shows a value without showing themselves. The zero-width joiner and non-joiner stay
  /// allowed: Persian, Indic scripts and emoji need them.
  static func isInvisibleFormatting(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.properties.generalCategory {
    case .format: return scalar.value != 0x200C && scalar.value != 0x200D
    case .lineSeparator, .paragraphSeparator: return true
    default: return false
    }
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
