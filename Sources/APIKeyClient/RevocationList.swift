import Foundation

/// The revocation list document apikeyserv publishes (the bridge's `/revoked`):
/// `{"revision":N,"revoked":[{"sub":"…","exp":…},…]}`. Only the subjects matter to a verifier;
/// an entry leaves the list once every token of its key has expired.
public struct RevocationList: Sendable, Equatable {
  /// The key-set revision the list belongs to (nil when the document has none).
  public let revision: UInt64?
  /// The revoked API key ids.
  public let ids: Set<Int64>

  /// A list of `ids`.
  public init(ids: Set<Int64>, revision: UInt64? = nil) {
    self.ids = ids
    self.revision = revision
  }

  /// Reads the document; throws when it is not one.
  public init(json: some Collection<UInt8>) throws(APIKeyVerificationError) {
    let document: Document
    do {
      document = try JSONDecoder().decode(Document.self, from: Data(json))
    } catch {
      throw .invalidKeySet("not a revocation list document")
    }
    var ids = Set<Int64>()
    for entry in document.revoked {
      guard let id = Int64(entry.sub), id > 0 else {
        throw .invalidKeySet("a revoked sub is not an API key id")
      }
      ids.insert(id)
    }
    self.init(ids: ids, revision: document.revision)
  }

  private struct Document: Decodable {
    var revision: UInt64?
    var revoked: [Entry]
  }

  private struct Entry: Decodable {
    var sub: String
  }
}
