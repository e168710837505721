import APIKeyCore
import APIKeyCrypto
import APIKeyStore
import Foundation
import Logging

/// Signing-key management.
extension KeyService {
  /// Adds a key from PKCS#8 PEM; it is published at once and signs from `notBefore` (default now).
  func addSigningKey(pem: String, notBefore: Date?, caller: String) async throws
    -> (SigningKeyInfo, UInt64)
  {
    let key: Ed25519PrivateKey
    do {
      key = try Ed25519PrivateKey(pem: pem)
    } catch {
      throw APIKeyError.invalidArgument(field: "private_key_pem", reason: error.description)
    }
    return try await store(key, notBefore: notBefore, action: "add_signing_key", caller: caller)
  }

  /// Generates a key inside the daemon; published at once, signs from `notBefore` (default now).
  func generateSigningKey(notBefore: Date?, caller: String) async throws -> (SigningKeyInfo, UInt64) {
    try await store(
      Ed25519PrivateKey(), notBefore: notBefore, action: "generate_signing_key", caller: caller)
  }

  /// Retires a key: out of the published set at once, never signs again.
  func retireSigningKey(kid: String, caller: String) async throws -> (SigningKeyInfo, UInt64) {
    guard !kid.isEmpty else { throw APIKeyError.invalidArgument(field: "kid", reason: "is required") }
    let now = clock()
    let (key, revision) = try await store.retireSigningKey(
      kid: kid, at: now,
      audit: AuditEntry(at: now, action: "retire_signing_key", target: kid, caller: caller))
    try await reload()
    logger.notice("Signing key retired", metadata: ["signing.kid": "\(kid)", "keyset.revision": "\(revision)"])
    if ring.signer(at: now) == nil {
      logger.warning("No signing key can sign now: IssueKey fails until one is added")
    }
    return (key.info, revision)
  }

  /// Every signing key, newest first in signing order, retired ones last.
  func signingKeys() async throws -> [SigningKeyInfo] {
    let (keys, _) = try await store.signingKeys()
    let infos = keys.map(\.info)
    return infos.filter(\.isPublished).sorted(by: PublishedKeySet.signingOrder)
      + infos.filter { !$0.isPublished }.sorted { $0.createdAt > $1.createdAt }
  }

  private func store(
    _ key: Ed25519PrivateKey, notBefore: Date?, action: String, caller: String
  ) async throws -> (SigningKeyInfo, UInt64) {
    let now = clock()
    let info = SigningKeyInfo(
      publicKey: key.publicKey, createdAt: now, notBefore: max(notBefore ?? now, now))
    let sealed = sealingKey.seal(key.seed, associatedData: Array(info.kid.utf8))
    let revision = try await store.addSigningKey(
      StoredSigningKey(info: info, sealedPrivateKey: sealed),
      audit: AuditEntry(at: now, action: action, target: info.kid, caller: caller))
    try await reload()
    logger.notice("Signing key added", metadata: ["signing.kid": "\(info.kid)", "keyset.revision": "\(revision)"])
    return (info, revision)
  }
}
