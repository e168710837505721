import APIKeyCore
import APIKeyCrypto
public import APIKeyServer
import APIKeyStore
import APIKeyUnixServer
public import Foundation
import Glibc
public import Logging

/// `apikeyserv restore`: installs a backup made by `apikeyctl backup` while the daemon is stopped.
public enum Restore {
  /// Checks `file` (integrity, manifest, schema, every signing key unseals with the master key,
  /// the audit chain verifies under it) and installs it atomically as the configured database:
  /// a SQLite file replaces the one there; into PostgreSQL its rows are copied in one
  /// transaction, into a database that must be empty (other daemons may share one that is not).
  /// Returns what was restored and where the replaced database was kept, if there was one.
  public static func run(
    file: String, configuration: DaemonConfiguration, logger: Logger
  ) async throws -> Report {
    umask(0o077)
    try Daemon.prepareDataDirectory(configuration.dataDirectory)
    let lock: PathLock
    do {
      lock = try PathLock(path: "\(configuration.dataDirectory)/apikeyserv.lock")
    } catch {
      throw DaemonError(
        "apikeyserv is running on \(configuration.dataDirectory): stop it before restoring")
    }
    defer { withExtendedLifetime(lock) {} }
    guard FileManager.default.fileExists(atPath: configuration.masterKeyPath) else {
      throw DaemonError(
        "no master key at \(configuration.masterKeyPath): put the master key of the backed-up daemon there (backups do not hold it)"
      )
    }
    let sealingKey = try MasterKeyFile.load(configuration.masterKeyPath, logger: logger)
    let backup: BackupFile
    do {
      backup = try BackupFile(path: file, keys: StoreKeys(sealingKey: sealingKey))
    } catch let error as APIKeyError {
      throw DaemonError("refused: \(error.message)")
    }
    for key in backup.signingKeys {
      do {
        _ = try sealingKey.open(key.sealedPrivateKey, associatedData: Array(key.info.kid.utf8))
      } catch {
        throw DaemonError(
          "refused: signing key \(key.info.kid) in \(file) does not unseal with \(configuration.masterKeyPath): this is not the master key of that backup"
        )
      }
    }
    let audit = try backup.verifyAuditTrail()
    if let broken = audit.firstBroken {
      throw DaemonError(
        "refused: the backup's audit trail is broken at row \(broken.seq): \(broken.problem)")
    }
    if let problem = audit.stateProblems.first {
      throw DaemonError("refused: the backup's security state was changed: \(problem)")
    }
    let replaced: String?
    if configuration.postgres != nil {
      try await copyIntoPostgres(
        backup, configuration: configuration, sealingKey: sealingKey, logger: logger)
      replaced = nil
    } else {
      replaced = try backup.install(as: configuration.databasePath, now: Date())
    }
    logger.notice(
      "Backup restored",
      metadata: [
        "database": "\(configuration.databaseDescription)",
        "api_keys": "\(backup.manifest.apiKeys)",
        "signing_keys": "\(backup.manifest.signingKeys)", "replaced": "\(replaced ?? "-")",
      ])
    let manifest = backup.manifest
    return Report(
      apiKeys: manifest.apiKeys, signingKeys: manifest.signingKeys,
      auditEntries: manifest.auditEntries,
      schemaVersion: manifest.schemaVersion, backedUpAt: manifest.createdAt, replaced: replaced)
  }

  /// Copies the backup's rows into the configured PostgreSQL database, which must be empty.
  private static func copyIntoPostgres(
    _ backup: BackupFile, configuration: DaemonConfiguration, sealingKey: SealingKey,
    logger: Logger
  ) async throws {
    let staging = "\(configuration.dataDirectory)/restore-\(UUID().uuidString.prefix(8)).db"
    defer { for suffix in ["", "-wal", "-shm", "-journal"] { unlink(staging + suffix) } }
    _ = try backup.install(as: staging, now: Date())
    let source = try SQLKeyStore(path: staging, keys: StoreKeys(sealingKey: sealingKey))
    try await StoreOpening.with(configuration, sealingKey: sealingKey, logger: logger) { target in
      do {
        try await StoreCopy.copy(from: source, to: target)
      } catch let error as APIKeyError {
        throw DaemonError("refused: \(error.message)")
      }
    }
  }

  /// What a restore installed, from the backup's manifest.
  public struct Report: Sendable {
    public let apiKeys: Int
    public let signingKeys: Int
    public let auditEntries: Int
    public let schemaVersion: String
    /// When the backup was made.
    public let backedUpAt: Date
    /// Where the database that was replaced is kept; nil when there was none.
    public let replaced: String?
  }
}
