package import APIKeyCore
import APIKeyStore
package import Foundation

/// Renewal that keeps a key's identity: a later expiry and a fresh token for the same key id, so
/// services that record usage by `sub` keep their history. Admins renew by id; owners by the
/// link in an expiry reminder (`RenewalLink`), once.
extension KeyService {
  /// Renews key `id`: its expiry moves to `until`, or by the renewal period from its current
  /// expiry (from now, for a key that expired already), and a token signed by the current key
  /// carries it; audited as `key_renewed`. Refused for a revoked or erased key, a key that never
  /// expires, and an `until` that is not in the future.
  package func renew(id: Int64, until: Date? = nil, caller: Caller) async throws -> IssuedToken {
    try Self.checkKeyID(id)
    let issued = try await renew(id: id, caller: caller) { _, now in
      if let until, until <= now {
        throw APIKeyError.invalidArgument(field: "until", reason: "must be in the future")
      }
      return until
    }
    metrics?.recordRenewal(by: "admin")
    return issued
  }

  /// What renewing by the link `value` would do, checked as `renew(link:)` checks it: the key
  /// and the expiry it would get. Changes nothing.
  package func renewal(link value: String) async throws -> (KeyRecord, renewedUntil: Date) {
    let link = try renewalLink(value)
    guard let record = try await store.key(id: link.keyID) else {
      throw Self.unknownKey(link.keyID)
    }
    let now = clock()
    try Self.check(link, for: record, at: now)
    return (record, Self.renewed(from: record.expiresAt ?? now, at: now, period: renewalPeriod))
  }

  /// Renews the key the link `value` names, as `renew(id:)` does with the renewal period, once:
  /// the link names the expiry it was sent for, and renewing moves it. Refused for a value this
  /// daemon did not make (`invalidArgument`, field `link`), and (`failedPrecondition`) for a link
  /// past its lifetime, used already, or naming a revoked or erased key. The fresh token, and
  /// the expiry before (the old token's, which the link named).
  package func renew(
    link value: String, caller: Caller
  ) async throws -> (IssuedToken, previousExpiry: Date) {
    let link = try renewalLink(value)
    let issued = try await renew(id: link.keyID, caller: caller) { record, now in
      try Self.check(link, for: record, at: now)
      return nil
    }
    metrics?.recordRenewal(by: "link")
    return (issued, link.expiresAt)
  }

  /// The link `value` names; `invalidArgument` (field `link`) when its MAC is not this daemon's.
  private func renewalLink(_ value: String) throws -> RenewalLink {
    guard let link = RenewalLink(value: value, key: RenewalLink.key(from: sealingKey)) else {
      throw APIKeyError.invalidArgument(
        field: "link",
        reason: "is not a renewal link of this server (incomplete, or a character was changed)")
    }
    return link
  }

  /// Refuses `link` for `record` at `now`: expired, used (the key's expiry moved since it was
  /// sent), or the key revoked or erased.
  private static func check(_ link: RenewalLink, for record: KeyRecord, at now: Date) throws {
    try checkNotErased(record)
    if let revoked = record.revokedAt {
      throw APIKeyError.failedPrecondition(
        "key \(record.id) was revoked at \(revoked.ISO8601Format()); it cannot be renewed")
    }
    if link.validUntil <= now {
      throw APIKeyError.failedPrecondition(
        "this renewal link expired at \(link.validUntil.ISO8601Format()); ask for a new one")
    }
    guard record.expiresAt?.microsecondsSince1970 == link.expiresAt.microsecondsSince1970 else {
      throw APIKeyError.failedPrecondition(
        "this renewal link was used already, or key \(record.id) was renewed since it was sent: it now expires \(record.expiresAt?.ISO8601Format() ?? "never")"
      )
    }
  }

  /// The expiry a renewal by `period` gives a key expiring at `expiry`, at `now`: the period
  /// from its expiry, or from now for a key that expired already.
  static func renewed(from expiry: Date, at now: Date, period: Double) -> Date {
    max(expiry, now).addingTimeInterval(period)
  }

  /// Renews key `id` inside one write: `check` sees the record as the write reads it and gives
  /// the new expiry (nil: by the renewal period).
  private func renew(
    id: Int64, caller: Caller,
    check: @escaping @Sendable (KeyRecord, Date) throws -> Date?
  ) async throws -> IssuedToken {
    let period = renewalPeriod
    let issued = try await resign(caller: caller, action: "key_renewed") { signer, now, audit in
      try await store.write { store in
        guard var record = try store.record(id: id) else { throw Self.unknownKey(id) }
        try Self.checkNotErased(record)
        let until = try check(record, now)
        guard let expiresAt = record.expiresAt else {
          throw APIKeyError.failedPrecondition(
            "key \(id) never expires; set an expiry first (apikeyctl keys update \(id) --expires DATE)"
          )
        }
        let renewed = until ?? Self.renewed(from: expiresAt, at: now, period: period)
        record.expiresAt = Date(microsecondsSince1970: renewed.microsecondsSince1970)
        record.modifiedAt = Date(microsecondsSince1970: now.microsecondsSince1970)
        if record.revokedAt == nil { try store.updateRecord(record) }
        try Self.checkSigning(signer.kid, in: store)
        return [try Self.resign(record, by: signer.kid, at: now, audit: audit, in: store)]
      }
    }[0]
    return issued
  }
}

extension KeyService {
  /// The renewal link for `reminder`, made now and working for `lifetime` seconds: its value
  /// (after `/renew/`), until when it works, and the expiry renewing gives.
  package func renewalLink(
    for reminder: ExpiryReminder, lifetime: Double
  ) -> (value: String, validUntil: Date, renewedUntil: Date) {
    let now = clock()
    let link = RenewalLink(
      keyID: reminder.keyID, expiresAt: reminder.expiresAt, threshold: reminder.threshold,
      validUntil: now + lifetime)
    return (
      link.value(key: RenewalLink.key(from: sealingKey)), link.validUntil,
      Self.renewed(from: reminder.expiresAt, at: now, period: renewalPeriod)
    )
  }
}
