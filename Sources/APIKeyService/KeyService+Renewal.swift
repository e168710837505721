package import APIKeyCore
import APIKeyStore
package import Foundation

/// Renewal that keeps a key's identity: a later expiry and a fresh token for the same key id, so
/// services that record usage by `sub` keep their history.
extension KeyService {
  /// Renews key `id`: its expiry moves to `until`, or by the renewal period from its current
  /// expiry (from now, for a key that expired already), and a token signed by the current key
  /// carries it; audited as `renew_key`. Refused for a revoked or erased key, a key that never
  /// expires, and an `until` that is not in the future.
  package func renew(id: Int64, until: Date? = nil, caller: Caller) async throws -> IssuedToken {
    try Self.checkKeyID(id)
    let period = renewalPeriod
    return try await resign(caller: caller, action: "renew_key") { signer, now, audit in
      if let until, until <= now {
        throw APIKeyError.invalidArgument(field: "until", reason: "must be in the future")
      }
      return try await store.write { store in
        guard var record = try store.record(id: id) else { throw Self.unknownKey(id) }
        try Self.checkNotErased(record)
        guard let expiresAt = record.expiresAt else {
          throw APIKeyError.failedPrecondition(
            "key \(id) never expires; set an expiry first (apikeyctl keys update \(id) --expires DATE)"
          )
        }
        let renewed = until ?? max(expiresAt, now).addingTimeInterval(period)
        record.expiresAt = Date(microsecondsSince1970: renewed.microsecondsSince1970)
        record.modifiedAt = Date(microsecondsSince1970: now.microsecondsSince1970)
        if record.revokedAt == nil { try store.updateRecord(record) }
        try Self.checkSigning(signer.kid, in: store)
        return [try Self.resign(record, by: signer.kid, at: now, audit: audit, in: store)]
      }
    }[0]
  }
}
