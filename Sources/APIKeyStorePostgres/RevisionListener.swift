import Logging
import PostgresNIO
import ServiceLifecycle
import Synchronization

/// Follows the revision channel on a connection of its own and ticks `changes` for each
/// announcement; also ticks every `poll` (a notification lost while reconnecting must not leave
/// a daemon behind for long) and after every reconnection.
final class RevisionListener: Sendable {
  let changes: AsyncStream<Void>
  private let tick: AsyncStream<Void>.Continuation
  private let logger: Logger
  /// How often to tick without an announcement.
  let poll: Duration

  init(logger: Logger, poll: Duration = .seconds(2)) {
    (changes, tick) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    self.logger = logger
    self.poll = poll
  }

  func run(_ backend: PostgresBackend) async throws {
    await cancelWhenGracefulShutdown {
      await withTaskGroup(of: Void.self) { group in
        group.addTask { await self.listen(backend) }
        group.addTask {
          while !Task.isCancelled {
            try? await Task.sleep(for: self.poll)
            self.tick.yield()
          }
        }
        await group.waitForAll()
      }
    }
    tick.finish()
  }

  private func listen(_ backend: PostgresBackend) async {
    let failures = Atomic(0)
    while !Task.isCancelled {
      do {
        try await backend.client.withConnection { connection in
          try await connection.listen(on: PostgresBackend.channel) { notifications in
            failures.store(0, ordering: .relaxed)
            self.tick.yield()
            for try await _ in notifications { self.tick.yield() }
          }
        }
      } catch {
        if Task.isCancelled { return }
        // Lost: let the store check the database now (it reports whether it answers).
        tick.yield()
        let failed = failures.add(1, ordering: .relaxed).newValue
        if failed == 1 {
          logger.warning(
            "Lost the database's revision announcements; reconnecting",
            metadata: ["error": "\(PostgresFailure.map(error))"])
        }
        try? await Task.sleep(for: .milliseconds(min(200 * failed, 2000)))
      }
    }
  }
}
