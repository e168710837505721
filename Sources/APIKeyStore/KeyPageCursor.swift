public import APIKeyCore
import Foundation

/// How a listing of API keys is ordered.
public enum KeyOrder: Sendable, Equatable {
  /// Newest first, by creation time.
  case newest
  /// The soonest expiry first; keys that never expire are not in this order.
  case expiry
}

/// Position in a listing of API keys (in one `KeyOrder`), opaque to callers as a page token.
public struct KeyPageCursor: Sendable, Equatable {
  /// The order the position is in.
  public var order: KeyOrder
  /// The last record's place in that order, in microseconds: its creation time (newest
  /// first) or its expiry (soonest first).
  public var value: Int64
  /// Id of that record (breaks ties).
  public var id: Int64

  /// A cursor after this record, in `order` (a record without expiry has no place in
  /// `.expiry`; it is not listed there).
  public init(after record: KeyRecord, order: KeyOrder = .newest) {
    self.order = order
    switch order {
    case .newest: value = record.createdAt.microsecondsSince1970
    case .expiry: value = record.expiresAt?.microsecondsSince1970 ?? .max
    }
    self.id = record.id
  }

  /// Reads a page token of `order`; throws `invalidArgument` on `page_token` for anything else
  /// (a token of another order included).
  public init(token: String, order: KeyOrder = .newest) throws(APIKeyError) {
    let bad = APIKeyError.invalidArgument(
      field: "page_token", reason: "is not a token from ListKeys (in this order)")
    guard let bytes = Base64URL.decode(token), let text = String(bytes: bytes, encoding: .utf8)
    else { throw bad }
    let parts = text.split(separator: ":")
    guard parts.count == 3, parts[0] == Self.tag(order), let value = Int64(parts[1]),
      let id = Int64(parts[2])
    else { throw bad }
    self.order = order
    self.value = value
    self.id = id
  }

  /// The opaque page token.
  public var token: String { Base64URL.encode(Array("\(Self.tag(order)):\(value):\(id)".utf8)) }

  private static func tag(_ order: KeyOrder) -> Substring {
    switch order {
    case .newest: "k1"
    case .expiry: "e1"
    }
  }
}
