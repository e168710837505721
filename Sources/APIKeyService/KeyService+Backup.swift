package import APIKeyStore
import Foundation
import Logging

/// Backups of the live database.
extension KeyService {
  /// A consistent copy of the live database (the master key is not in it).
  package func backup(caller: Caller) async throws -> (manifest: BackupManifest, file: [UInt8]) {
    let backup = try await store.backup(at: clock())
    logger.notice(
      "Backup made",
      metadata: [
        "backup.bytes": "\(backup.file.count)", "backup.api_keys": "\(backup.manifest.apiKeys)",
        "caller": "\(caller)",
      ])
    return backup
  }
}
