import APIKeyCore
public import Foundation

/// Figures about the store for the daemon's metrics, read in one transaction.
public struct StoreStatistics: Sendable, Equatable {
  /// The database's size on disk, in bytes.
  public var databaseBytes: Int64
  /// API keys neither revoked nor expired whose expiry falls within the window asked for.
  public var keysExpiringSoon: Int64
  /// API keys in the store, revoked and expired ones included.
  public var apiKeys: Int64
}

extension SQLKeyStore {
  /// The store's figures at `now`, counting keys that expire before `now + window`.
  public func statistics(now: Date, window: TimeInterval) async throws -> StoreStatistics {
    let (from, until) = (now.microsecondsSince1970, (now + window).microsecondsSince1970)
    return try await backend.read { tx in
      let size = try tx.rows(tx.dialect.databaseSize).first?["bytes"] as Int64? ?? 0
      let counts = try tx.rows(
        """
        SELECT
          (SELECT count(*) FROM api_keys WHERE expires_at > ? AND expires_at <= ?
             AND revoked_at IS NULL) AS expiring,
          (SELECT count(*) FROM api_keys) AS total
        """, [from, until]
      ).first
      return StoreStatistics(
        databaseBytes: size, keysExpiringSoon: try counts?["expiring"] ?? 0,
        apiKeys: try counts?["total"] ?? 0)
    }
  }
}
