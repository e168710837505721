import APIKeyCore
import Foundation

/// Stores the new API keys of one group commit together: one query for the request ids already
/// used, then one multi-row INSERT each for the keys, their audit rows and their tokens, and the
/// audit chain's head read and written once. A batch of N keys costs a handful of statements
/// instead of five per key (each a round trip on PostgreSQL). A request id used before answers
/// with the key it made (the service judges whether the replay may stand); a taken id
/// (`IDTaken`) and a signer retired meanwhile (`SignerStopped`) fail their items alone, for the
/// service to ask again.
struct BulkIssue: Sendable {
  let auditChain: AuditChain
  let stateSeal: StateSeal

  /// Stores `pending`, staging each item's outcome; throws only when the database fails.
  func run(_ pending: [PendingIssue], in tx: any SQLTransaction) throws {
    guard !pending.isEmpty else { return }
    let known = try earlier(requestIDs: Set(pending.compactMap(\.item.requestID)), in: tx)
    // A key retired after the service chose it (here or on another daemon) signs nothing more.
    let stopped = try SQLKeyStore.stoppedSigning(Set(pending.map(\.item.signedBy)), in: tx)
    var fresh: [(PendingIssue, KeyRecord)] = []
    var repeats: [PendingIssue] = []
    var claimed: Set<String> = []
    var ids: Set<Int64> = []
    for issue in pending {
      let item = issue.item
      if let requestID = item.requestID, let earlier = known[requestID] {
        issue.answer.stage(Result { try replay(earlier, in: tx) })
        continue
      }
      if stopped.contains(item.signedBy) {
        issue.answer.stage(.failure(SignerStopped(kid: item.signedBy)))
        continue
      }
      // A second request with an id first seen in this batch replays what the first made.
      if let requestID = item.requestID, !claimed.insert(requestID).inserted {
        repeats.append(issue)
        continue
      }
      guard ids.insert(item.id).inserted else {
        issue.answer.stage(.failure(IDTaken(id: item.id)))
        continue
      }
      fresh.append((issue, Self.record(for: item)))
    }
    try insert(&fresh, in: tx)
    try auditChain.append(fresh.map(\.0.item.audit), in: tx)
    try tx.insertRows(
      into: "tokens", columns: ["key_id", "kid", "issued_at", "expires_at"],
      fresh.map { issue, record in
        [
          .integer(record.id), .text(issue.item.signedBy),
          .integer(issue.item.now.microsecondsSince1970),
          record.expiresAt?.microsecondsSince1970.sqlValue ?? .null,
        ]
      })
    for (issue, record) in fresh { issue.answer.stage(.success(.created(record))) }
    for issue in repeats {
      let item = issue.item
      // '!' is fine: a repeat carries a request id claimed by a fresh item. When that item was
      // not stored (its id taken), nothing answers the request id yet: this one asks again too.
      issue.answer.stage(
        Result {
          guard
            let made = try tx.row(
              "SELECT \(SQLKeyStore.keyColumns) FROM api_keys WHERE request_id = ?",
              [item.requestID!])
          else { throw IDTaken(id: item.id) }
          return try replay(stateSeal.keyRecord(made), in: tx)
        })
    }
  }

  /// The record a new key gets, as a later read gives it back (times in whole microseconds).
  static func record(for item: IssueItem) -> KeyRecord {
    let stored = Date(microsecondsSince1970: item.now.microsecondsSince1970)
    return KeyRecord(
      id: item.id, contact: item.contact, createdAt: stored, modifiedAt: stored,
      expiresAt: item.expiresAt.map { Date(microsecondsSince1970: $0.microsecondsSince1970) })
  }

  /// The records already stored for any of `requestIDs`, by request id.
  private func earlier(
    requestIDs: Set<String>, in tx: any SQLTransaction
  ) throws -> [String: KeyRecord] {
    guard !requestIDs.isEmpty else { return [:] }
    let marks = Array(repeating: "?", count: requestIDs.count).joined(separator: ", ")
    let rows = try tx.rows(
      "SELECT request_id, \(SQLKeyStore.keyColumns) FROM api_keys WHERE request_id IN (\(marks))",
      requestIDs.map(\.sqlValue))
    return Dictionary(
      try rows.map { (try $0["request_id"] as String, try stateSeal.keyRecord($0)) },
      uniquingKeysWith: { first, _ in first })
  }

  /// The answer to a request id used before for `earlier`: that key and its first token, for
  /// the service to judge (the same contact details, not revoked).
  private func replay(_ earlier: KeyRecord, in tx: any SQLTransaction) throws -> IssueOutcome {
    let first = try tx.row(
      """
      SELECT kid, issued_at, expires_at FROM tokens WHERE key_id = ?
      ORDER BY issued_at, kid LIMIT 1
      """,
      [earlier.id]
    ).map { row in
      RecordedToken(
        kid: try row["kid"], issuedAt: Date(microsecondsSince1970: try row["issued_at"]),
        expiresAt: try SQLKeyStore.date(row, "expires_at"))
    }
    return .replayed(earlier, firstToken: first)
  }

  /// Inserts the records (not revoked, sealed as such); one whose id turns out taken by a key
  /// stored before (a 63-bit random id: about never) fails alone with `IDTaken` and leaves
  /// `fresh`.
  private func insert(_ fresh: inout [(PendingIssue, KeyRecord)], in tx: any SQLTransaction) throws
  {
    let columns = [
      "id", "email", "organisation", "contact_name", "email_2", "contact_name_2", "department",
      "created_at", "modified_at", "expires_at", "sent", "reason", "request_id", "state_mac",
    ]
    let rows = fresh.map { issue, record in
      let contact = record.contact
      return [
        .integer(record.id), .text(contact.email), .text(contact.organisation),
        .text(contact.contactName), .text(contact.email2), .text(contact.contactName2),
        .text(contact.department), .integer(record.createdAt.microsecondsSince1970),
        .integer(record.modifiedAt.microsecondsSince1970),
        record.expiresAt?.microsecondsSince1970.sqlValue ?? .null, record.sent.sqlValue,
        .text(record.reason), issue.item.requestID.sqlValue,
        .blob(stateSeal.mac(apiKey: record.id, revokedAt: nil, revokedUntil: nil)),
      ] as [SQLValue]
    }
    let stored = try tx.insertRows(
      into: "api_keys", columns: columns, rows,
      returning: "ON CONFLICT (id) DO NOTHING RETURNING id")
    for (issue, record) in fresh where !stored.contains(record.id) {
      issue.answer.stage(.failure(IDTaken(id: record.id)))
    }
    fresh.removeAll { !stored.contains($0.1.id) }
  }
}
