import APIKeyCore
import APIKeyCrypto
import APIKeyStore
import APIKeyStorePostgres
import Foundation
import Logging
import TestSupport
import Testing

@testable import APIKeyServer
@testable import APIKeyService

/// Two daemons' key services on one PostgreSQL database, with one clock: what one changes, the
/// other follows; what falls due on a schedule happens once, alike on both.
@Suite("Key services sharing a PostgreSQL database")
struct SharedDatabaseTests {
  /// A key service on the database at `url`, loaded, with its store's services running.
  struct Daemon: Sendable {
    let keys: KeyService
    let running: [BackgroundServices]
    let store: SQLKeyStore

    init(url: String, master: SealingKey, clock: TestClock) async throws {
      var configuration = try PostgresStoreConfiguration(url: url, poolSize: 2)
      configuration.timeout = .seconds(20)  // as StoreFixture.postgres: a loaded test machine
      let backend = try PostgresBackend(configuration, logger: Logger(label: "test"))
      let connections = BackgroundServices(backend.services)
      store = try await SQLKeyStore(backend: backend, keys: StoreKeys(sealingKey: master))
      keys = KeyService(
        store: store, ring: KeyRing(), sealingKey: master, clock: { clock.now },
        logger: Logger(label: "test"))
      running = [connections]
      try await keys.reload()
    }

    /// Follows the other daemon's changes as the daemon does, until `body` returns.
    func following<T: Sendable>(_ body: () async throws -> T) async throws -> T {
      let follower = RevisionFollower(
        keys: keys, changes: try #require(store.changes), health: DatabaseHealth())
      let task = Task { try await follower.run() }
      defer { task.cancel() }
      return try await body()
    }
  }

  @Test(
    "A daemon that has not yet seen another's retirement issues and re-signs with the key that signs now, never with the retired one; the retirement's impact counted the key it left",
    .timeLimit(.minutes(1)))
  func staleSigner() async throws {
    let url = try PostgresServer.shared().newDatabase()
    let (clock, master) = (TestClock(), SealingKey())
    let a = try await Daemon(url: url, master: master, clock: clock)
    let b = try await Daemon(url: url, master: master, clock: clock)
    let (old, _) = try await a.keys.generateSigningKey(notBefore: nil, caller: "t")
    try await b.keys.reload()
    let early = try await b.keys.issue(
      IssueRequest(contact: ContactDetails(email: "e@example.org", organisation: "O")),
      caller: "t")
    #expect(early.kid == old.kid)
    let (new, _) = try await a.keys.generateSigningKey(notBefore: nil, caller: "t")
    let (_, _, impact) = try await a.keys.retireSigningKey(kid: old.kid, caller: "t")
    #expect(impact.affectedKeys == 1)
    // B has not seen the retirement: its ring still lets the old key sign.
    #expect(b.keys.ring.signer(at: clock.now)?.kid == old.kid)
    let late = try await b.keys.issue(
      IssueRequest(contact: ContactDetails(email: "l@example.org", organisation: "O")),
      caller: "t")
    #expect(late.kid == new.kid, "issued with the retired key")
    #expect((try? b.keys.verify(late.token).get()) != nil, "the token does not verify")
    let resigned = try await b.keys.resign(id: early.record.id, caller: "t")
    #expect(resigned.kid == new.kid)
  }

  @Test(
    "A grace period's end, due on both at once, publishes one new revision, the same on both",
    .timeLimit(.minutes(1)))
  func scheduledChangeOnce() async throws {
    let url = try PostgresServer.shared().newDatabase()
    let (clock, master) = (TestClock(), SealingKey())
    let a = try await Daemon(url: url, master: master, clock: clock)
    let b = try await Daemon(url: url, master: master, clock: clock)
    let (old, _) = try await a.keys.generateSigningKey(notBefore: nil, caller: "t")
    _ = try await a.keys.generateSigningKey(notBefore: nil, caller: "t")
    let (_, retired, _) = try await a.keys.retireSigningKey(kid: old.kid, grace: 60, caller: "t")
    try await b.keys.reload()
    #expect(b.keys.ring.snapshot.revision == retired)
    #expect(b.keys.ring.snapshot.keys.contains { $0.kid == old.kid })
    clock.advance(61)
    // Both schedules fall due together.
    async let first: Void = SigningSchedule(keys: a.keys).step()
    async let second: Void = SigningSchedule(keys: b.keys).step()
    _ = await (first, second)
    let stored = try await a.store.revision()
    #expect(stored == retired + 1)
    for daemon in [a, b] {
      #expect(daemon.keys.ring.snapshot.revision == stored)
      #expect(!daemon.keys.ring.snapshot.keys.contains { $0.kid == old.kid })
    }
  }

  @Test(
    "A revocation on one reaches the other's watchers and verification", .timeLimit(.minutes(1)))
  func revocationReachesTheOther() async throws {
    let url = try PostgresServer.shared().newDatabase()
    let (clock, master) = (TestClock(), SealingKey())
    let a = try await Daemon(url: url, master: master, clock: clock)
    let b = try await Daemon(url: url, master: master, clock: clock)
    _ = try await a.keys.generateSigningKey(notBefore: nil, caller: "t")
    try await b.keys.reload()
    let issued = try await b.keys.issue(
      IssueRequest(contact: ContactDetails(email: "a@example.com", organisation: "O")),
      caller: "t")
    #expect((try? b.keys.verify(issued.token).get()) != nil)
    try await b.following {
      var watch = b.keys.ring.watch().makeAsyncIterator()
      _ = await watch.next()
      let (_, revision) = try await a.keys.revoke(id: issued.record.id, caller: "t")
      var seen = try #require(await watch.next())
      while seen.revision < revision { seen = try #require(await watch.next()) }
      #expect(seen.revoked.map(\.id) == [issued.record.id])
    }
    #expect(throws: TokenVerificationFailure.self) { try b.keys.verify(issued.token).get() }
  }
}
