import APIKeyCore
import APIKeyStore
import Logging
import ServiceLifecycle

/// Keeps the daemon's key set in step with a database other daemons write too: at each tick of
/// the store's `changes` (a revision announced, or the periodic check) it reads the revision and,
/// when another daemon moved it, reloads the set, which reaches every watcher. Each tick also
/// tells `health` whether the database answers.
package struct RevisionFollower: Service {
  let keys: KeyService
  let changes: AsyncStream<Void>
  let health: DatabaseHealth

  /// Follows `changes` for `keys`, telling `health` whether the database answers.
  package init(
    keys: KeyService, changes: AsyncStream<Void>, health: DatabaseHealth
  ) {
    self.keys = keys
    self.changes = changes
    self.health = health
  }

  func run() async throws {
    await cancelWhenGracefulShutdown {
      for await _ in changes {
        await follow()
      }
    }
  }

  /// Reads the stored revision and reloads the set when it is not the one installed.
  func follow() async {
    do {
      let revision = try await keys.store.revision()
      if health.record(nil) { keys.logger.notice("The database answers again") }
      if revision > keys.ring.snapshot.revision {
        try await keys.reload()
      }
    } catch {
      if health.record("\(error)") {
        keys.logger.error(
          "The database does not answer: writes fail until it does; keys and verification are served from memory",
          metadata: ["error": "\(error)"])
      }
    }
  }
}
