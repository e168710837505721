public import APIKeyCore

extension SQLKeyStore {
  public func reminders(of ids: [Int64]) async throws -> [ExpiryReminder] {
    guard !ids.isEmpty else { return [] }
    return try await backend.read { tx in
      var found: [ExpiryReminder] = []
      for start in stride(from: 0, to: ids.count, by: 500) {
        let chunk = ids[start ..< min(start + 500, ids.count)]
        let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
        found += try tx.rows(
          """
          SELECT \(StoreWrite.reminderColumns) FROM expiry_reminders WHERE key_id IN (\(marks))
          ORDER BY key_id, expires_at, threshold DESC
          """, chunk.map(\.sqlValue)
        ).map(StoreWrite.reminder)
      }
      return found
    }
  }
}
