public import APIKeyCore

/// What storing a new API key did.
public enum IssueOutcome: Sendable, Equatable {
  /// A new record was stored.
  case created(KeyRecord)
  /// The request id was seen before: this is the record it created then.
  case replayed(KeyRecord)

  /// The record either way.
  public var record: KeyRecord {
    switch self {
    case .created(let record), .replayed(let record): return record
    }
  }
}
