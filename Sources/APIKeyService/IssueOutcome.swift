import APIKeyCore
import APIKeyStore

/// What storing a new API key did.
enum IssueOutcome: Sendable, Equatable {
  /// A new record was stored.
  case created(KeyRecord)
  /// The request id was seen before: this is the record it created then, and the first token
  /// signed for it (to hand out again, identical, instead of minting another).
  case replayed(KeyRecord, firstToken: RecordedToken?)

  /// The record either way.
  var record: KeyRecord {
    switch self {
    case .created(let record), .replayed(let record, _): return record
    }
  }
}
