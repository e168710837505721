public import APIKeyCore

/// Records to import from another system in one transaction.
public struct ImportBatch: Sendable {
  /// API key records, each with the kid its existing token is attributed to (nil: none known).
  public var keys: [(record: KeyRecord, signedBy: String?)]
  /// Signing keys, sealed; retired ones have their retirement times set.
  public var signingKeys: [StoredSigningKey]

  /// Records already parsed and validated, to be written in one transaction.
  public init(keys: [(record: KeyRecord, signedBy: String?)], signingKeys: [StoredSigningKey]) {
    self.keys = keys
    self.signingKeys = signingKeys
  }
}

/// What an import did (or, for a dry run, would do).
public struct ImportOutcome: Sendable, Equatable {
  /// API key records added.
  public var keysCreated = 0
  /// API key records already here with the same owner (skipped).
  public var keysUnchanged = 0
  /// Kids of the signing keys added.
  public var signingKeysCreated: [String] = []
  /// Signing keys already here (skipped).
  public var signingKeysUnchanged = 0
  /// The key-set revision afterwards.
  public var revision: UInt64 = 0

  /// Zero counts, to add to while importing.
  public init() {}
}
