import APIKeyCore
import APIKeyCrypto
import APIKeyStore
import Foundation
import Logging
import TestSupport
import Testing

@testable import APIKeyService

/// The audit rows `KeyService` writes for each change.
@Suite("Key service: audit trail")
struct KeyServiceAuditTests: KeyServiceSuite {
  let fixture: KeyServiceFixture

  init() async throws {
    fixture = try await KeyServiceFixture()
  }

  @Test(
    "Every change writes a chained audit row with ids and kids only, never contact data or tokens")
  func auditTrail() async throws {
    let (key, _) = try await keys.generateSigningKey(
      notBefore: nil, caller: "admin-socket user=alice")
    let issued = try await issue("Geheime Organisatie", email: "secret@example.com")
    _ = try await keys.resign(id: issued.record.id, caller: "t")
    var change = KeyUpdate()
    change.contactName = "Jan Geheim"
    _ = try await keys.update(id: issued.record.id, change, caller: "t")
    _ = try await keys.markSent(ids: [issued.record.id], caller: "t")
    _ = try await keys.revoke(id: issued.record.id, caller: "t")
    _ = try await keys.retireSigningKey(kid: key.kid, caller: "t")
    let page = try await keys.auditEntries(since: nil, pageSize: 0, pageToken: "")
    #expect(
      page.entries.map(\.entry.action) == [
        "generate_signing_key", "issue_key", "resign_key", "update_key", "mark_sent", "revoke_key",
        "retire_signing_key",
      ])
    #expect(page.entries.map(\.seq) == Array(1 ... 7))
    #expect(page.entries[0].entry.caller == "admin-socket user=alice")
    for stored in page.entries {
      let text = "\(stored.entry)"
      for secret in ["secret@example.com", "Geheime", "Jan Geheim", issued.token] {
        #expect(!text.contains(secret))
      }
    }
    let verification = try await keys.verifyAuditTrail()
    #expect(verification.isIntact)
    #expect(verification.checked == 7)
    #expect(verification.head == page.entries.last?.hash)
    let second = try await keys.auditEntries(since: nil, pageSize: 3, pageToken: "3")
    #expect(second.entries.map(\.seq) == [4, 5, 6])
    #expect(second.next == "6")
  }

  @Test(
    "When the audit trail's revocations and retirements are edited to hide a rollback, a running daemon keeps what it knew and a starting one refuses, naming why"
  )
  func editedSecurityRecord() async throws {
    let store = try #require(keys.store as? SQLKeyStore)
    let (retired, _) = try await keys.generateSigningKey(notBefore: nil, caller: "t")
    let keyMAC = try await store.backend.read { tx in
      try tx.value("SELECT state_mac FROM signing_keys", as: [UInt8].self)
    }
    _ = try await keys.generateSigningKey(notBefore: nil, caller: "t")
    let issued = try await issue()
    let id = issued.record.id
    let issuedMAC = try await store.backend.read { tx in
      try tx.value("SELECT state_mac FROM api_keys WHERE id = ?", [id], as: [UInt8].self)
    }
    _ = try await keys.revoke(id: id, caller: "t")
    _ = try await keys.retireSigningKey(kid: retired.kid, caller: "t")
    _ = try await store.backend.write { tx in
      _ = try tx.execute(
        "UPDATE signing_keys SET retiring_at = NULL, retired_at = NULL, state_mac = ? WHERE kid = ?",
        [keyMAC, retired.kid])
      _ = try tx.execute(
        "UPDATE api_keys SET revoked_at = NULL, revoked_until = NULL, state_mac = ? WHERE id = ?",
        [issuedMAC, id])
      _ = try tx.execute(
        "UPDATE audit_log SET action = 'mark_sent' WHERE action IN ('retire_signing_key', 'revoke_key')"
      )
      _ = try tx.execute("UPDATE meta SET value = value + 1 WHERE name = 'key_set_revision'")
    }
    try await keys.reload()
    let snapshot = keys.ring.snapshot
    #expect(snapshot.revoked.map(\.id).contains(id))
    #expect(snapshot.publicKey(kid: retired.kid) == nil)
    let refused = await #expect(throws: APIKeyError.self) {
      _ = try await KeyServiceFixture.service(
        directory: fixture.directory, master: fixture.master, clock: clock)
    }
    let message = refused?.message ?? ""
    #expect(message.contains("refusing to start"), "\(message)")
    #expect(message.contains("revocations and retirements"), "\(message)")
  }
}
