/// An API key's labels, `key=value`: at most 16, keys of 1 to 32 of `a-z 0-9 _ . -`, values of
/// at most 64 characters (text as a record's other fields: no control or invisible formatting
/// characters). Informational only: they never change a token.
public struct KeyTags: Sendable, Hashable, CustomStringConvertible {
  /// Most tags on one key.
  public static let maximumCount = 16
  /// Longest tag key and value, in characters.
  public static let maximumKeyLength = 32
  public static let maximumValueLength = 64
  /// Longest key name, in characters.
  public static let maximumNameLength = 200

  /// The tags by key.
  public private(set) var values: [String: String]

  /// Tags as given; `validated(field:)` checks them.
  public init(_ values: [String: String] = [:]) {
    self.values = values
  }

  /// True when there is no tag.
  public var isEmpty: Bool { values.isEmpty }

  /// `key=value` pairs sorted by key, separated by commas.
  public var description: String {
    values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
  }

  /// The tags checked and trimmed; `invalidArgument` names `field` and the tag at fault.
  public func validated(field: String = "tags") throws(APIKeyError) -> KeyTags {
    guard values.count <= Self.maximumCount else {
      throw .invalidArgument(
        field: field, reason: "holds \(values.count) tags; at most \(Self.maximumCount) are allowed"
      )
    }
    var out: [String: String] = [:]
    for (key, value) in values {
      try Self.checkKey(key, field: field)
      out[key] = try FieldRule.text(required: false).check(
        value, field: "\(field).\(key)", maximumLength: Self.maximumValueLength)
    }
    return KeyTags(out)
  }

  /// These tags with `set` added or changed and the keys in `remove` taken out, checked.
  public func changed(
    setting set: [String: String], removing remove: [String], field: String = "tags"
  ) throws(APIKeyError) -> KeyTags {
    for key in remove { try Self.checkKey(key, field: "remove_tags") }
    var out = values
    for key in remove { out[key] = nil }
    out.merge(set) { $1 }
    return try KeyTags(out).validated(field: field)
  }

  /// Checks a tag's key: 1 to 32 of `a-z 0-9 _ . -`.
  public static func checkKey(_ key: String, field: String) throws(APIKeyError) {
    guard !key.isEmpty, key.utf8.count <= maximumKeyLength,
      key.utf8.allSatisfy({ isKeyByte($0) })
    else {
      throw .invalidArgument(
        field: field,
        reason:
          "has the tag key \"\(key.prefix(40))\"; tag keys are 1 to \(maximumKeyLength) of a-z 0-9 _ . -"
      )
    }
  }

  /// Parses `key=value` (a command line's `--tag`, a filter); `invalidArgument` names `field`.
  public static func parse(_ text: String, field: String) throws(APIKeyError) -> (String, String) {
    guard let equals = text.firstIndex(of: "=") else {
      throw .invalidArgument(
        field: field, reason: "\"\(text.prefix(40))\" is not key=value (a tag needs an =)")
    }
    let key = String(text[..<equals])
    try checkKey(key, field: field)
    let value = try FieldRule.text(required: false).check(
      String(text[text.index(after: equals)...]), field: field,
      maximumLength: maximumValueLength)
    return (key, value)
  }

  /// A key's name checked and trimmed: free text of at most 200 characters.
  public static func checkName(
    _ name: String, field: String = "name"
  ) throws(APIKeyError)
    -> String
  {
    try FieldRule.text(required: false).check(name, field: field, maximumLength: maximumNameLength)
  }

  /// The stored form: each tag as a line `key=value` between newlines, sorted by key (a filter
  /// for one tag is a substring match on `\nkey=value\n`); empty when there is none.
  public var stored: String {
    values.isEmpty
      ? "" : "\n" + values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)\n" }.joined()
  }

  /// The tags a stored form holds.
  public init(stored: String) {
    var values: [String: String] = [:]
    for line in stored.split(separator: "\n") {
      guard let equals = line.firstIndex(of: "=") else { continue }
      values[String(line[..<equals])] = String(line[line.index(after: equals)...])
    }
    self.init(values)
  }

  /// The stored form's pattern for one tag.
  public static func storedPattern(key: String, value: String) -> String {
    "\n\(key)=\(value)\n"
  }

  private static func isKeyByte(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "a") ... UInt8(ascii: "z"), UInt8(ascii: "0") ... UInt8(ascii: "9"),
      UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "-"):
      return true
    default: return false
    }
  }
}
