public import APIKeyCrypto

/// The keys the store derives from the master key, one per purpose, so that no MAC of one kind
/// can stand in for another.
public struct StoreKeys: Sendable {
  /// Keys the audit trail's hash chain and its head.
  public var audit: [UInt8]
  /// Keys the MACs over signing keys' lifecycles and API keys' revocations.
  public var state: [UInt8]
  /// Keys the content MAC of backup manifests.
  public var backup: [UInt8]

  /// Keys as given (tests).
  public init(audit: [UInt8], state: [UInt8], backup: [UInt8]) {
    self.audit = audit
    self.state = state
    self.backup = backup
  }

  /// The keys derived from the daemon's master key.
  public init(sealingKey: SealingKey) {
    self.init(
      audit: sealingKey.derivedKey(for: "audit-chain"),
      state: sealingKey.derivedKey(for: "state-mac"),
      backup: sealingKey.derivedKey(for: "backup-manifest"))
  }
}
