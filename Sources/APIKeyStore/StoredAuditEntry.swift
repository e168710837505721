public import APIKeyCore

/// One row of the audit trail as stored: its place in the chain and its hash.
public struct StoredAuditEntry: Sendable, Equatable {
  /// Position in the trail; grows by one per entry.
  public var seq: Int64
  /// What happened.
  public var entry: AuditEntry
  /// HMAC-SHA-256 over the previous row's hash and this row's fields (see `AuditChain`).
  public var hash: [UInt8]

  /// An entry as read back, with its place in the chain.
  public init(seq: Int64, entry: AuditEntry, hash: [UInt8]) {
    self.seq = seq
    self.entry = entry
    self.hash = hash
  }
}
