import APIKeyCore
import Foundation
import GRDB
import TestSupport
import Testing

@testable import APIKeyService
@testable import APIKeyStore

/// What a write answers when SQLite cannot write: the connection made read-only underneath the
/// store (`PRAGMA query_only`, as a file system gone read-only refuses every write), then
/// writable again.
@Suite("SQLite write failures")
struct SQLiteFailureTests {
  @Test(
    "A read-only database: an issue is refused as UNAVAILABLE naming the file, nothing written; reads go on; writable again, the next issue succeeds"
  )
  func readOnly() async throws {
    let fixture = try await StoreFixture.make(.sqliteFile)
    let first = try await fixture.insert().record
    let sqlite = try #require(fixture.store.backend as? SQLiteBackend)
    try await sqlite.database.writeWithoutTransaction { db in
      try db.execute(sql: "PRAGMA query_only = ON")
    }
    let refused = await #expect(throws: APIKeyError.self) { _ = try await fixture.insert() }
    #expect(refused.map(Refusal.init) == .unavailable)
    #expect(refused?.message.contains("cannot be written (read-only)") == true, "\(refused!)")
    #expect(refused?.message.contains(sqlite.path ?? "?") == true)
    #expect(try await fixture.store.key(id: first.id) == first)
    let listed = try await fixture.store.keys(
      after: nil, limit: 10, filter: KeyFilter(), now: fixture.now)
    #expect(listed.count == 1)

    try await sqlite.database.writeWithoutTransaction { db in
      try db.execute(sql: "PRAGMA query_only = OFF")
    }
    let second = try await fixture.insert().record
    #expect(try await fixture.store.key(id: second.id) == second)
  }

  @Test(
    "Every commit to a database file is synced before it is acknowledged: WAL with synchronous = FULL on the connection that writes (GRDB's pool would leave NORMAL, which loses recent commits to a power cut)"
  )
  func syncedCommits() async throws {
    let fixture = try await StoreFixture.make(.sqliteFile)
    _ = try await fixture.insert()
    let sqlite = try #require(fixture.store.backend as? SQLiteBackend)
    let (mode, level) = try await sqlite.database.writeWithoutTransaction { db in
      (
        try String.fetchOne(db, sql: "PRAGMA journal_mode"),
        try Int.fetchOne(db, sql: "PRAGMA synchronous")
      )
    }
    #expect(mode == "wal")
    #expect(level == 2, "synchronous is \(level.map(String.init) ?? "?"), not FULL (2)")
  }

  @Test(
    "A database opened read-only (as on a read-only file system): reads and the key set work; a change is refused as UNAVAILABLE and nothing in the file changes"
  )
  func openedReadOnly() async throws {
    let directory = try TemporaryDirectory()
    let path = "\(directory.path)/test.db"
    let written = try StoreFixture(file: directory)
    let first = try await written.insert().record
    try written.store.close()
    let before = try #require(FileManager.default.contents(atPath: path))

    let store = try SQLKeyStore(path: path, keys: testKeys, readOnly: true)
    #expect(store.isReadOnly)
    #expect(try await store.key(id: first.id) == first)
    #expect(try await store.publishedState(at: written.now).revoked.isEmpty)
    let fixture = StoreFixture(store: store, directory: directory)
    let refused = await #expect(throws: APIKeyError.self) { _ = try await fixture.insert() }
    #expect(refused.map(Refusal.init) == .unavailable)
    #expect(refused?.message.contains("cannot be written") == true, "\(refused!)")
    #expect(
      try await store.keys(after: nil, limit: 10, filter: KeyFilter(), now: written.now).count == 1)
    try store.close()
    #expect(FileManager.default.contents(atPath: path) == before)
  }

  @Test("A read-only open of a database with an older schema is refused: migrating would write")
  func readOnlyOlderSchema() async throws {
    let directory = try TemporaryDirectory()
    let path = "\(directory.path)/test.db"
    try StoreFixture(file: directory).store.close()
    let queue = try DatabaseQueue(path: path)
    try await queue.write { db in
      try db.execute(
        sql: "DELETE FROM grdb_migrations WHERE identifier = ?",
        arguments: [SQLiteBackend.knownVersions.last!])
    }
    try queue.close()
    #expect {
      _ = try SQLKeyStore(path: path, keys: testKeys, readOnly: true)
    } throws: { error in
      "\(error)".contains("needs migrating to \(SQLiteBackend.knownVersions.last!)")
    }
  }
}
