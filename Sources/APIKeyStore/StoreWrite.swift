public import APIKeyCore
public import Foundation

/// One write transaction of the store as `KeyService` sees it: reads and row operations that
/// decide nothing. It is valid only inside the body of `KeyStore.write`, which is the only write
/// at a time on the database (across every daemon that shares it): what the service's rules read
/// here still holds when the change commits.
public struct StoreWrite {
  let tx: any SQLTransaction
  let store: SQLKeyStore

  /// The signing key `kid`, its sealed state checked (a row that does not match its MAC comes in
  /// its safer state); nil when there is none.
  public func signingKey(kid: String) throws -> StoredSigningKey? {
    try tx.row("SELECT * FROM signing_keys WHERE kid = ?", [kid]).map {
      try store.stateSeal.signingKey($0).key
    }
  }

  /// The signing keys that are not retiring and sign only after `now` (pending ones).
  public func pendingSigningKeys(at now: Date) throws -> [SigningKeyInfo] {
    try tx.rows(
      "SELECT * FROM signing_keys WHERE retiring_at IS NULL AND not_before > ?",
      [now.microsecondsSince1970]
    ).map { try store.stateSeal.signingKey($0).key.info }
      .filter { $0.retiringAt == nil && $0.notBefore > now }
  }

  /// Adds `key`'s row (sealed); a kid that exists already is `alreadyExists` (the primary key).
  public func insert(_ key: StoredSigningKey) throws {
    guard try !SQLKeyStore.signingKeyExists(kid: key.info.kid, in: tx) else {
      throw APIKeyError.alreadyExists("signing key \(key.info.kid) exists already")
    }
    try store.insert(key, in: tx)
  }

  /// Writes `key`'s retirement: it stops signing at `at` and leaves the published set at
  /// `leavesAt` (both to the microsecond, as stored), sealed anew. Returns the key as stored.
  public func retire(_ key: StoredSigningKey, at: Date, leavesAt: Date) throws -> StoredSigningKey {
    var key = key
    key.info.retiringAt = Date(microsecondsSince1970: at.microsecondsSince1970)
    key.info.unpublishedAt = Date(microsecondsSince1970: leavesAt.microsecondsSince1970)
    try tx.execute(
      "UPDATE signing_keys SET retiring_at = ?, retired_at = ?, state_mac = ? WHERE kid = ?",
      [
        at.microsecondsSince1970, leavesAt.microsecondsSince1970, store.stateSeal.mac(key.info),
        key.info.kid,
      ])
    return key
  }

  /// See `KeyStore.keysSignedOnly(by:now:)`; read in this transaction.
  public func keysSignedOnly(by kid: String, now: Date) throws -> [KeyRecord] {
    try store.keysSignedOnly(by: kid, now: now, in: tx)
  }

  /// Appends `entry` to the audit trail (its hash chain and security record).
  public func append(_ entry: AuditEntry) throws {
    try store.auditChain.append(entry, in: tx)
  }

  /// Appends `entries`, in order: the chain's head read and written once, the rows in multi-row
  /// inserts.
  public func append(_ entries: [AuditEntry]) throws {
    try store.auditChain.append(entries, in: tx)
  }

  /// Moves the key-set revision on by one; the new revision.
  public func bumpRevision() throws -> UInt64 {
    try SQLKeyStore.bumpRevision(in: tx)
  }

  /// Whether signing key `kid` has stopped signing (retiring or retired) as this write sees it.
  public func hasStoppedSigning(_ kid: String) throws -> Bool {
    try !stoppedSigning([kid]).isEmpty
  }

  /// Those of `kids` that have stopped signing (retiring or retired), in one query.
  public func stoppedSigning(_ kids: Set<String>) throws -> Set<String> {
    try SQLKeyStore.stoppedSigning(kids, in: tx)
  }

  // MARK: API keys

  /// The record of key `id`, its sealed state checked; nil when there is none.
  public func record(id: Int64) throws -> KeyRecord? {
    try tx.row("SELECT \(SQLKeyStore.keyColumns) FROM api_keys WHERE id = ?", [id]).map {
      try store.stateSeal.keyRecord($0)
    }
  }

  /// When each token recorded for key `id` expires (nil: never).
  public func tokenExpiries(of id: Int64) throws -> [Date?] {
    try tx.column("SELECT expires_at FROM tokens WHERE key_id = ?", [id], as: Int64?.self).map {
      $0.map(Date.init(microsecondsSince1970:))
    }
  }

  /// Writes key `id`'s revocation at `at`, listed until `until` (nil: for ever), sealed.
  public func updateRevocation(id: Int64, at: Date, until: Date?) throws {
    let revokedAt = at.microsecondsSince1970
    let revokedUntil = until?.microsecondsSince1970
    try tx.execute(
      """
      UPDATE api_keys SET revoked_at = ?, revoked_until = ?, modified_at = ?, state_mac = ?
      WHERE id = ?
      """,
      [
        revokedAt, revokedUntil, revokedAt,
        store.stateSeal.mac(apiKey: id, revokedAt: revokedAt, revokedUntil: revokedUntil), id,
      ])
  }

  /// Records that a token signed by `kid` at `now` was given for `record` (it expires with it).
  public func recordToken(for record: KeyRecord, kid: String, at now: Date) throws {
    try recordTokens([(record, kid, now)])
  }

  /// Records tokens given for many keys, in multi-row inserts (each expires with its record).
  public func recordTokens(_ tokens: [(record: KeyRecord, kid: String, at: Date)]) throws {
    try tx.insertRows(
      into: "tokens", columns: ["key_id", "kid", "issued_at", "expires_at"],
      tokens.map { record, kid, at in
        [
          .integer(record.id), .text(kid), .integer(at.microsecondsSince1970),
          record.expiresAt?.microsecondsSince1970.sqlValue ?? .null,
        ]
      })
  }

  /// The first token recorded for key `id` (the earliest; of two at once, the lower kid); nil
  /// when none is.
  public func firstToken(of id: Int64) throws -> RecordedToken? {
    try tx.row(
      "SELECT \(SQLKeyStore.tokenColumns) FROM tokens WHERE key_id = ? ORDER BY issued_at, kid LIMIT 1",
      [id]
    ).map(SQLKeyStore.recordedToken)
  }

  /// The records that `requestIDs` made, by request id, in one query.
  public func records(requestIDs: Set<String>) throws -> [String: KeyRecord] {
    guard !requestIDs.isEmpty else { return [:] }
    let marks = Array(repeating: "?", count: requestIDs.count).joined(separator: ", ")
    let rows = try tx.rows(
      "SELECT request_id, \(SQLKeyStore.keyColumns) FROM api_keys WHERE request_id IN (\(marks))",
      requestIDs.map(\.sqlValue))
    return Dictionary(
      try rows.map { (try $0["request_id"] as String, try store.stateSeal.keyRecord($0)) },
      uniquingKeysWith: { first, _ in first })
  }

  /// Adds new keys (not revoked, sealed as such), each with its request id, in multi-row
  /// inserts; the ids stored. A key whose id is taken is left out, not refused: what to do about
  /// it is the caller's to decide.
  public func insertNew(_ keys: [(record: KeyRecord, requestID: String?)]) throws -> Set<Int64> {
    let columns = [
      "id", "email", "organisation", "contact_name", "email_2", "contact_name_2", "department",
      "created_at", "modified_at", "expires_at", "sent", "reason", "request_id", "state_mac",
      "name", "tags",
    ]
    return try tx.insertRows(
      into: "api_keys", columns: columns,
      keys.map { record, requestID in
        let contact = record.contact
        return [
          .integer(record.id), .text(contact.email), .text(contact.organisation),
          .text(contact.contactName), .text(contact.email2), .text(contact.contactName2),
          .text(contact.department), .integer(record.createdAt.microsecondsSince1970),
          .integer(record.modifiedAt.microsecondsSince1970),
          record.expiresAt?.microsecondsSince1970.sqlValue ?? .null, record.sent.sqlValue,
          .text(record.reason), requestID.sqlValue,
          .blob(store.stateSeal.mac(apiKey: record.id, revokedAt: nil, revokedUntil: nil)),
          .text(record.name), .text(record.tags.stored),
        ]
      },
      returning: "ON CONFLICT (id) DO NOTHING RETURNING id")
  }

  /// Writes `record`'s contact details, expiry, sent mark, name, tags and modification time (not
  /// its revocation, which `updateRevocation` seals).
  public func updateRecord(_ record: KeyRecord) throws {
    let contact = record.contact
    try tx.execute(
      """
      UPDATE api_keys SET email = ?, organisation = ?, contact_name = ?, email_2 = ?,
        contact_name_2 = ?, department = ?, expires_at = ?, sent = ?, modified_at = ?, name = ?,
        tags = ?
      WHERE id = ?
      """,
      [
        contact.email, contact.organisation, contact.contactName, contact.email2,
        contact.contactName2, contact.department, record.expiresAt?.microsecondsSince1970,
        record.sent, record.modifiedAt.microsecondsSince1970, record.name, record.tags.stored,
        record.id,
      ])
  }

  /// Whether a signing key with this kid is stored.
  public func signingKeyExists(kid: String) throws -> Bool {
    try SQLKeyStore.signingKeyExists(kid: kid, in: tx)
  }

  /// Adds `record` (every column as given; not revoked, sealed as such); `alreadyExists` when its
  /// id is taken (the primary key).
  public func insert(_ record: KeyRecord) throws {
    guard try !insertNew([(record, nil)]).isEmpty else {
      throw APIKeyError.alreadyExists("key \(record.id) exists already")
    }
  }

  /// The key-set revision as this write sees it.
  public func revision() throws -> UInt64 {
    try SQLKeyStore.revision(in: tx)
  }
}
