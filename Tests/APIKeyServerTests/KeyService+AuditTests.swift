import APIKeyCore
import APIKeyCrypto
import APIKeyStore
import Foundation
import Logging
import TestSupport
import Testing

@testable import APIKeyServer

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
}
