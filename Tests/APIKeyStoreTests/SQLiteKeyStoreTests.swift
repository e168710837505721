import APIKeyCore
import APIKeyCrypto
import APIKeyStore
import Foundation
import TestSupport
import Testing

@testable import APIKeyService

/// What the SQLite backend adds to the contract: a file that outlives the store.
@Suite("SQLite store")
struct SQLKeyStoreTests {
  @Test("Everything persists across reopening the database file")
  func persistence() async throws {
    let directory = try TemporaryDirectory()
    let fixture = try StoreFixture(file: directory)
    let (store, now) = (fixture.store, fixture.now)
    let outcome = try await fixture.insert()
    let key = Ed25519PrivateKey()
    let info = SigningKeyInfo(publicKey: key.publicKey, createdAt: now, notBefore: now)
    _ = try await store.addSigningKey(
      StoredSigningKey(info: info, sealedPrivateKey: [9]), audit: fixture.audit("add"))
    let reopened = try SQLKeyStore(path: "\(directory.path)/test.db", keys: testKeys)
    #expect(try await reopened.key(id: outcome.record.id) == outcome.record)
    #expect(try await reopened.publishedState(at: now).keys.map(\.info.kid) == [info.kid])
    #expect(try await reopened.publishedState(at: now).revision == 1)
  }

  @Test(
    "A new database file, its WAL and shared-memory files are the owner's alone (0600) whatever the umask: they hold every owner's contact data"
  )
  func privateFiles() async throws {
    let directory = try TemporaryDirectory()
    let path = "\(directory.path)/new.db"
    let store = try SQLKeyStore(path: path, keys: testKeys)
    let fixture = StoreFixture(store: store, directory: nil)
    _ = try await fixture.insert()
    for file in [path, path + "-wal", path + "-shm"] {
      let mode = try #require(
        FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int)
      #expect(mode == 0o600, "\(file): \(String(mode, radix: 8))")
    }
    withExtendedLifetime(fixture) {}
  }
}
