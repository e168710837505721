public import APIKeyCore
public import Foundation

/// Erasing owners' personal data: row operations for `KeyService.erase`.
extension StoreWrite {
  /// Blanks key `id`'s contact details, name, tags and reason and marks it erased at `at`; its
  /// id, dates, tokens and revocation stay. (SQLite overwrites the old values with zeros:
  /// `secure_delete` is on for the writer.)
  public func erase(id: Int64, at: Date) throws {
    try tx.execute(
      """
      UPDATE api_keys SET email = '', organisation = '', contact_name = '', email_2 = '',
        contact_name_2 = '', department = '', reason = '', name = '', tags = '',
        erased_at = ?, modified_at = ?
      WHERE id = ?
      """, [at.microsecondsSince1970, at.microsecondsSince1970, id])
  }

  /// Up to `limit` keys not yet erased that expired, or were revoked, before `before`.
  public func keysToErase(before: Date, limit: Int) throws -> [KeyRecord] {
    let time = before.microsecondsSince1970
    return try tx.rows(
      """
      SELECT \(SQLKeyStore.keyColumns) FROM api_keys WHERE erased_at IS NULL
        AND ((expires_at IS NOT NULL AND expires_at < ?) OR (revoked_at IS NOT NULL AND revoked_at < ?))
      ORDER BY id LIMIT \(limit)
      """, [time, time]
    ).map { try store.stateSeal.keyRecord($0) }
  }
}
