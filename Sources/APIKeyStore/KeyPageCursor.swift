public import APIKeyCore
import Foundation

/// Position in the newest-first listing of API keys, opaque to callers as a page token.
public struct KeyPageCursor: Sendable, Equatable {
  /// Creation time of the last record on the previous page, in microseconds.
  public var createdAt: Int64
  /// Id of that record (breaks ties).
  public var id: Int64

  /// A cursor after this record.
  public init(after record: KeyRecord) {
    self.createdAt = record.createdAt.microsecondsSince1970
    self.id = record.id
  }

  /// Reads a page token; throws `invalidArgument` on `page_token` for anything else.
  public init(token: String) throws(APIKeyError) {
    let bad = APIKeyError.invalidArgument(
      field: "page_token", reason: "is not a token from ListKeys")
    guard let bytes = Base64URL.decode(token), let text = String(bytes: bytes, encoding: .utf8)
    else { throw bad }
    let parts = text.split(separator: ":")
    guard parts.count == 3, parts[0] == "k1", let created = Int64(parts[1]),
      let id = Int64(parts[2])
    else { throw bad }
    self.createdAt = created
    self.id = id
  }

  /// The opaque page token.
  public var token: String { Base64URL.encode(Array("k1:\(createdAt):\(id)".utf8)) }
}
