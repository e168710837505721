import APIKeyCore
import APIKeyCrypto
import APIKeyStore
import Foundation
import TestSupport
import Testing

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
}
