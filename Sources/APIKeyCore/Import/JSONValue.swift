import Foundation

/// A JSON value read without a fixed schema, keeping integers exact (63-bit ids do not survive a
/// trip through `Double`).
public enum JSONValue: Sendable, Equatable, Decodable {
  case null
  case bool(Bool)
  case integer(Int64)
  /// An integer beyond `Int64`, or a number with a fraction or exponent, as written.
  case otherNumber(String)
  case string(String)
  case array([JSONValue])
  case object([String: JSONValue])

  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if container.decodeNil() {
      self = .null
    } else if let value = try? container.decode(Bool.self) {
      self = .bool(value)
    } else if let value = try? container.decode(Int64.self) {
      self = .integer(value)
    } else if let value = try? container.decode(Decimal.self) {
      self = .otherNumber("\(value)")
    } else if let value = try? container.decode(String.self) {
      self = .string(value)
    } else if let value = try? container.decode([JSONValue].self) {
      self = .array(value)
    } else {
      self = .object(try container.decode([String: JSONValue].self))
    }
  }

  /// What kind of value this is, for error messages.
  public var kind: String {
    switch self {
    case .null: return "null"
    case .bool: return "a boolean"
    case .integer, .otherNumber: return "a number"
    case .string: return "a string"
    case .array: return "an array"
    case .object: return "an object"
    }
  }
}
