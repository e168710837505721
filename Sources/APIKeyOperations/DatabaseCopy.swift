import APIKeyCore
import APIKeyCrypto
public import APIKeyServer
public import APIKeyStore
import APIKeyUnixServer
import Foundation
public import Logging

/// `apikeyserv copy-database`: copies a stopped store into an empty one (SQLite to PostgreSQL or
/// back, or between two of a kind), then checks the copy: the same counts, kids and revision,
/// every signing key unseals with the master key, the audit chain and sealed state verify.
public enum DatabaseCopy {
  /// Copies `source` into `target` (each configuration names its database; the master key is
  /// `masterKeyPath`). Throws `DaemonError` saying what is wrong: a source that does not exist, a
  /// target that is not empty, a copy that does not check out.
  public static func run(
    from source: DaemonConfiguration, to target: DaemonConfiguration, masterKeyPath: String,
    logger: Logger
  ) async throws -> StoreCopy.Summary {
    guard FileManager.default.fileExists(atPath: masterKeyPath) else {
      throw DaemonError(
        "no master key at \(masterKeyPath): give the master key of the source's daemon (--data-dir or --master-key-file)"
      )
    }
    umask(0o077)  // a new SQLite target (and its WAL): the invoking user's only
    let sealingKey = try MasterKeyFile.load(masterKeyPath, logger: logger)
    if source.postgres == nil, !FileManager.default.fileExists(atPath: source.databasePath) {
      throw DaemonError("no database at \(source.databasePath)")
    }
    let createdTarget =
      target.postgres == nil && !FileManager.default.fileExists(atPath: target.databasePath)
    do {
      return try await StoreOpening.with(source, sealingKey: sealingKey, logger: logger) { from in
        try await StoreOpening.with(target, sealingKey: sealingKey, logger: logger) { to in
          try await copy(from, to, sealingKey: sealingKey)
        }
      }
    } catch {
      if createdTarget {
        for suffix in ["", "-wal", "-shm"] { unlink(target.databasePath + suffix) }
      }
      if let error = error as? APIKeyError { throw DaemonError(error.message) }
      throw error
    }
  }

  private static func copy(
    _ source: SQLKeyStore, _ target: SQLKeyStore, sealingKey: SealingKey
  ) async throws -> StoreCopy.Summary {
    let expected = try await StoreCopy.summary(of: source)
    let copied = try await StoreCopy.copy(from: source, to: target)
    guard copied == expected else {
      throw DaemonError("the copy does not match its source: \(copied), not \(expected)")
    }
    for key in try await target.publishedState(at: Date()).keys {
      do {
        _ = try sealingKey.open(key.sealedPrivateKey, associatedData: Array(key.info.kid.utf8))
      } catch {
        throw DaemonError(
          "signing key \(key.info.kid) does not unseal with this master key: is it the master key of the source?"
        )
      }
    }
    let audit = try await target.verifyAuditTrail()
    if let broken = audit.firstBroken {
      throw DaemonError("the copy's audit trail is broken at row \(broken.seq): \(broken.problem)")
    }
    if let problem = audit.stateProblems.first {
      throw DaemonError("the copy's security state does not verify: \(problem)")
    }
    return copied
  }
}
