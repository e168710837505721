import APIKeyCore
import APIKeyCrypto
import APIKeyStorePostgres
import Foundation
import Logging
import TestSupport
import Testing

@testable import APIKeyService
@testable import APIKeyStore

/// What PostgreSQL adds: several daemons' stores on one database, its schema and its connection.
@Suite("PostgreSQL store")
struct PostgresStoreTests {
  @Test(
    "Two stores on one database: concurrent issues on both give distinct keys and one intact chain")
  func sharedIssuance() async throws {
    let url = try PostgresServer.shared().newDatabase()
    let (first, second) = try await (
      StoreFixture.postgres(url: url), StoreFixture.postgres(url: url)
    )
    let ids = try await withThrowingTaskGroup(of: Int64.self) { group in
      for index in 0 ..< 60 {
        let fixture = index.isMultiple(of: 2) ? first : second
        group.addTask { try await fixture.insert().record.id }
      }
      return try await group.reduce(into: [Int64]()) { $0.append($1) }
    }
    #expect(Set(ids).count == 60)
    let trail = try await second.store.verifyAuditTrail()
    #expect(trail.isIntact && trail.checked == 60)
    #expect(try await first.store.auditEntries(since: nil, afterSeq: 0, limit: 100).count == 60)
  }

  @Test("A request id used on one store replays the same key on the other")
  func sharedIdempotency() async throws {
    let url = try PostgresServer.shared().newDatabase()
    let (first, second) = try await (
      StoreFixture.postgres(url: url), StoreFixture.postgres(url: url)
    )
    let made = try await first.insert(requestID: "shared-1").record
    guard case .replayed(let replayed, let token) = try await second.insert(requestID: "shared-1")
    else {
      Issue.record("not replayed on the second store")
      return
    }
    #expect(replayed == made && token?.kid == "kid")
  }

  @Test("A revision moved on one store ticks the other's changes, which then reads it")
  func announcedRevision() async throws {
    let url = try PostgresServer.shared().newDatabase()
    let (first, second) = try await (
      StoreFixture.postgres(url: url), StoreFixture.postgres(url: url)
    )
    let changes = try #require(second.store.changes)
    var ticks = changes.makeAsyncIterator()
    _ = await ticks.next()  // the tick of the listener's connection
    let moved = try await first.store.bumpRevision(atLeast: 0)
    _ = await ticks.next()
    #expect(try await second.store.revision() == moved)
    // Compare-and-set: only one of two stores that saw the same revision moves it.
    let results = try await [
      first.store.bumpRevision(from: moved), second.store.bumpRevision(from: moved),
    ]
    #expect(results.compactMap { $0 } == [moved + 1])
  }

  @Test("Stores opened together on a new database create the schema once; both work")
  func racingMigrations() async throws {
    let url = try PostgresServer.shared().newDatabase()
    let fixtures = try await withThrowingTaskGroup(of: StoreFixture.self) { group in
      for _ in 0 ..< 4 { group.addTask { try await StoreFixture.postgres(url: url) } }
      return try await group.reduce(into: [StoreFixture]()) { $0.append($1) }
    }
    for fixture in fixtures { _ = try await fixture.insert() }
    #expect(
      try await fixtures[0].store.keys(after: nil, limit: 10, filter: KeyFilter(), now: Date())
        .count == 4)
    let server = try PostgresServer.shared()
    let name = String(url.split(separator: "/").last!.split(separator: "?").first!)
    #expect(try server.psql("SELECT count(*) FROM apikeyserv_migrations", database: name) == "9\n")
  }

  @Test("Another master key is refused, naming the master key; so is a schema from a newer version")
  func refusals() async throws {
    let url = try PostgresServer.shared().newDatabase()
    _ = try await StoreFixture.postgres(url: url)
    let otherKeys = StoreKeys(
      audit: [UInt8](repeating: 7, count: 32), state: [UInt8](repeating: 8, count: 32),
      backup: [UInt8](repeating: 9, count: 32))
    let wrongKey = await #expect(throws: APIKeyError.self) {
      _ = try await StoreFixture.postgres(url: url, keys: otherKeys)
    }
    #expect(wrongKey?.message.contains("master key") == true)
    let server = try PostgresServer.shared()
    let name = String(url.split(separator: "/").last!.split(separator: "?").first!)
    try server.psql("INSERT INTO apikeyserv_migrations VALUES ('v10')", database: name)
    let newer = await #expect(throws: APIKeyError.self) {
      _ = try await StoreFixture.postgres(url: url)
    }
    #expect(newer?.message.contains("schema v10") == true)
  }

  @Test("TLS: verify-full with the CA connects; without TLS, or with another CA, no connection")
  func tls() async throws {
    let server = try PostgresServer.withTLS()
    let fixture = try await StoreFixture.postgres(url: server.newDatabase(host: "localhost"))
    _ = try await fixture.insert()
    #expect(
      try await fixture.store.keys(after: nil, limit: 5, filter: KeyFilter(), now: Date()).count
        == 1)
    let plain = await #expect(throws: APIKeyError.self) {
      _ = try await StoreFixture.postgres(
        url: server.newDatabase(sslmode: "disable"), timeout: StoreFixture.failFast)
    }
    #expect(plain.map(Refusal.init) == .unavailable)
    let otherCA =
      try PostgresServer.shared().rootCertificate ?? "/etc/ssl/certs/ca-certificates.crt"
    let url = try server.newDatabase(host: "localhost").replacingOccurrences(
      of: server.rootCertificate!, with: otherCA)
    let untrusted = await #expect(throws: APIKeyError.self) {
      _ = try await StoreFixture.postgres(url: url, timeout: StoreFixture.failFast)
    }
    #expect(untrusted.map(Refusal.init) == .unavailable)
  }

  @Test(
    "The database stopped: writes fail as unavailable, not hanging; started again: they succeed",
    .timeLimit(.minutes(1)))
  func databaseDown() async throws {
    let server = try PostgresServer(tls: false)
    defer { try? server.stop() }
    // The schema is made with the patient timeout (a loaded machine once took longer than 3 s
    // to create it); the store under test then waits as the daemon does.
    let url = try server.newDatabase()
    _ = try await StoreFixture.postgres(url: url).insert()
    let fixture = try await StoreFixture.postgres(url: url, timeout: StoreFixture.failFast)
    _ = try await fixture.insert()
    try server.stop()
    let down = await #expect(throws: APIKeyError.self) { _ = try await fixture.insert() }
    #expect(down.map(Refusal.init) == .unavailable)
    #expect(down?.message.contains("database") == true)
    try server.start()
    var recovered = false
    for _ in 0 ..< 100 where !recovered {
      recovered = (try? await fixture.insert()) != nil
      if !recovered { try await Task.sleep(for: .milliseconds(100)) }
    }
    #expect(recovered)
  }

  @Test(
    "A URL is read with its parts; a bad one is refused naming what is wrong, never the password")
  func configuration() throws {
    let parsed = try PostgresStoreConfiguration(
      url:
        "postgresql://keys:s3cret@db.example:6543/apikeys?sslmode=verify-full&sslrootcert=/ca.pem")
    #expect(parsed.host == "db.example" && parsed.port == 6543 && parsed.user == "keys")
    #expect(
      parsed.database == "apikeys" && parsed.tls == .verifyFull && parsed.password == "s3cret")
    #expect(!"\(parsed)".contains("s3cret"))
    for bad in [
      "postgres://db.example/apikeys", "postgres://u:s3cret@db.example/",
      "postgres://u@h/d?sslmode=maybe",
      "postgres://u:s3cret@h/d?sslmode=verify-full", "postgres://u@h/d?color=blue",
    ] {
      let error = #expect(throws: APIKeyError.self) { try PostgresStoreConfiguration(url: bad) }
      #expect(error?.message.contains("s3cret") == false)
    }
    let directory = try TemporaryDirectory()
    try "from-file\nignored\n".write(
      toFile: "\(directory.path)/pw", atomically: true, encoding: .utf8)
    // A password file every local user can read is refused, naming the file and the fix.
    chmod("\(directory.path)/pw", 0o644)
    let readable = #expect(throws: APIKeyError.self) {
      try PostgresStoreConfiguration(
        url: "postgres://u@h/d", passwordFile: "\(directory.path)/pw")
    }
    #expect(
      readable?.message.contains("\(directory.path)/pw can be read by every local user") == true,
      "\(String(describing: readable))")
    #expect(readable?.message.contains("from-file") == false)
    chmod("\(directory.path)/pw", 0o640)
    let withFile = try PostgresStoreConfiguration(
      url: "postgres://u:inline@h/d", passwordFile: "\(directory.path)/pw")
    #expect(withFile.password == "from-file")
  }

  @Test(
    "A database of schema v4 (a revoked key with a 19-digit id, its head under v4's MAC) upgrades to v5 (and on) in place when a daemon opens it; nothing is reported"
  )
  func upgradeFromV4() async throws {
    let url = try PostgresServer.shared().newDatabase()
    let first = try await StoreFixture.postgres(url: url)
    let id: Int64 = 1_234_567_890_123_456_789
    _ = try await first.insert(ids: [id])
    _ = try await first.store.revokeKey(
      id: id, at: first.now,
      audit: AuditEntry(at: first.now, action: "revoke_key", target: "\(id)", caller: "t"))
    // Back to what the v4 release left: no security record, the head under v4's MAC.
    let chain = AuditChain(key: testKeys.audit)
    _ = try await first.store.backend.write { tx in
      guard let head = try AuditHead(in: tx) else { throw APIKeyError.notFound("no head") }
      _ = try tx.execute("ALTER TABLE audit_head DROP COLUMN security_count")
      _ = try tx.execute("ALTER TABLE audit_head DROP COLUMN security_hash")
      _ = try tx.execute("DROP INDEX audit_log_by_target")
      _ = try tx.execute("UPDATE audit_head SET mac = ?", [chain.headMACv4(head)])
      for table in [
        "key_usage", "key_verifiers", "verifiers", "usage_batches", "expiry_reminders",
      ] {
        _ = try tx.execute("DROP TABLE \(table)")
      }
      _ = try tx.execute("ALTER TABLE api_keys DROP COLUMN name")
      _ = try tx.execute("ALTER TABLE api_keys DROP COLUMN tags")
      _ = try tx.execute("ALTER TABLE api_keys DROP COLUMN erased_at")
      _ = try tx.execute("DROP INDEX api_keys_email")
      _ = try tx.execute("DROP INDEX api_keys_email_2")
      _ = try tx.execute(
        "DELETE FROM apikeyserv_migrations WHERE identifier IN ('v5', 'v6', 'v7', 'v8', 'v9')")
    }
    let second = try await StoreFixture.postgres(url: url)
    let state = try await second.store.publishedState(at: first.now + 2)
    #expect(state.problems.isEmpty, "\(state.problems)")
    #expect(state.revoked.map(\.id) == [id])
    #expect(try await second.store.verifyAuditTrail().isIntact)
  }
}
