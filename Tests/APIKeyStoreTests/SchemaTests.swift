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
    "A version 4 database (its chain's head under v4's MAC, a revoked key, a retired signing key) moves to v5 with its security record sealed from the trail; a v4 head that did not match its MAC stays reported",
    arguments: [false, true])
  func fromVersion4(headTampered: Bool) async throws {
    let directory = try TemporaryDirectory()
    let path = "\(directory.path)/v4.db"
    let queue = try DatabaseQueue(path: path)
    let chain = AuditChain(key: testKeys.audit)
    let seal = StateSeal(key: testKeys.state)
    try Schema.migrator().migrate(queue, upTo: "v4")
    let publicKey = Ed25519PrivateKey().publicKey
    let kid = JSONWebKey(publicKey: publicKey).thumbprint
    try await queue.write { db in
      try db.execute(
        sql: """
          INSERT INTO audit_log (seq, at, action, target, outcome, caller) VALUES
            (1, 1, 'generate_signing_key', ?, 'ok', 'x'), (2, 2, 'issue_key', '5', 'ok', 'x'),
            (3, 3, 'revoke_key', '5', 'ok', 'x'), (4, 4, 'retire_signing_key', ?, 'ok', 'x');
          INSERT INTO signing_keys
            (kid, public_key, sealed_private_key, created_at, not_before, retiring_at, retired_at)
            VALUES (?, ?, x'00', 1, 1, 4, 4);
          INSERT INTO api_keys (id, email, organisation, created_at, modified_at, revoked_at)
            VALUES (5, 'a@example.com', 'Org', 2, 3, 3);
          """,
        arguments: [kid, kid, kid, Data(publicKey.rawRepresentation)])
      // What the v4 release sealed: the chain, the rows, and the head under its MAC.
      let tx = GRDBTransaction(db: db)
      try chain.seal(in: tx)
      try seal.seal(in: tx)
      let last = try #require(
        try Row.fetchOne(db, sql: "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"))
      var head = AuditHead()
      head.seq = last["seq"]
      head.hash = [UInt8](last["hash"] as Data)
      let mac = headTampered ? [UInt8](repeating: 0, count: 32) : chain.headMACv4(head)
      try db.execute(
        sql: "INSERT INTO audit_head (id, seq, hash, mac) VALUES (1, ?, ?, ?)",
        arguments: [head.seq, Data(head.hash), Data(mac)])
    }
    try queue.close()
    let store = try SQLKeyStore(path: path, keys: testKeys)
    let state = try await store.publishedState(at: Date(timeIntervalSince1970: 10))
    #expect(state.revoked.map(\.id) == [5])
    #expect(state.keys.first?.info.retiringAt != nil)
    let verification = try await store.verifyAuditTrail()
    if headTampered {
      #expect(state.securityRecordProblem?.contains("does not match its MAC") == true)
      #expect(!verification.isIntact)
    } else {
      #expect(state.problems.isEmpty, "\(state.problems)")
      #expect(verification.isIntact, "\(String(describing: verification.firstBroken))")
    }
  }

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
