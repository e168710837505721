import APIKeyCore
import Foundation
import GRDB
import TestSupport
import Testing

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
}
