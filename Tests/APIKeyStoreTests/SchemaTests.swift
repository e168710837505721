import APIKeyCore
import APIKeyCrypto
import Foundation
import GRDB
import TestSupport
import Testing

@testable import APIKeyStore

@Suite("Schema migration")
struct SchemaMigrationTests {
  @Test(
    "A version 1 database moves to the current version: audit rows chained, keys keep their state, state sealed"
  )
  func fromVersion1() async throws {
    let directory = try TemporaryDirectory()
    let path = "\(directory.path)/v1.db"
    let queue = try DatabaseQueue(path: path)
    try Schema.migrator().migrate(queue, upTo: "v1")
    let publicKey = Ed25519PrivateKey().publicKey
    try await queue.write { db in
      try db.execute(
        sql: """
          INSERT INTO audit_log (at, action, target, outcome, caller) VALUES
            (1, 'generate_signing_key', 'k', 'ok', 'x'), (2, 'issue_key', '5', 'ok', 'x');
          INSERT INTO signing_keys (kid, public_key, sealed_private_key, created_at, not_before, retired_at)
            VALUES (?, ?, x'00', 1, 1, 3);
          INSERT INTO api_keys (id, email, organisation, created_at, modified_at, revoked_at)
            VALUES (5, 'a@example.com', 'Org', 1, 1, 2);
          """,
        arguments: [JSONWebKey(publicKey: publicKey).thumbprint, Data(publicKey.rawRepresentation)])
    }
    try queue.close()
    let store = try SQLKeyStore(path: path, keys: testKeys)
    let verification = try await store.verifyAuditTrail()
    #expect(verification.isIntact)
    #expect(verification.checked == 2)
    let row = try DatabaseQueue(path: path).read { db in
      try Row.fetchOne(db, sql: "SELECT retiring_at, retired_at FROM signing_keys")
    }
    #expect(row?["retiring_at"] as Int64? == 3)
  }
}
