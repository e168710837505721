import APIKeyCore
import APIKeyStore
import Foundation
import TestSupport
import Testing

@testable import APIKeyService

/// Importing records through `KeyService`: all or nothing, in one transaction.
@Suite("Key service: import")
struct KeyServiceImportTests: KeyServiceSuite {
  let fixture: KeyServiceFixture

  init() async throws {
    fixture = try await KeyServiceFixture()
  }

  @Test(
    "An import is all or nothing: a dry run changes nothing, a repeat changes nothing, another owner fails it whole"
  )
  func allOrNothing() async throws {
    let now = clock.now
    let contact = ContactDetails(email: "a@example.com", organisation: "Gemeente")
    let record = KeyRecord(
      id: 42, contact: contact, createdAt: now, modifiedAt: now, expiresAt: nil)
    let batch = ImportBatch(keys: [(record, nil)], signingKeys: [])
    let dry = try await keys.importRecords(batch, dryRun: true, now: now, caller: "t")
    #expect(dry.keysCreated == 1)
    #expect(try await keys.store.key(id: 42) == nil)
    let real = try await keys.importRecords(batch, dryRun: false, now: now, caller: "t")
    #expect(real.keysCreated == 1)
    #expect(try await keys.store.key(id: 42) == record)
    let repeated = try await keys.importRecords(batch, dryRun: false, now: now, caller: "t")
    #expect(repeated.keysCreated == 0 && repeated.keysUnchanged == 1)
    var other = record
    other.contact = ContactDetails(email: "z@example.com", organisation: "Else")
    var fresh = record
    fresh.id = 43
    let conflicting = ImportBatch(keys: [(fresh, nil), (other, nil)], signingKeys: [])
    let refused = await #expect(throws: APIKeyError.self) {
      _ = try await keys.importRecords(conflicting, dryRun: false, now: now, caller: "t")
    }
    #expect(refused.map(Refusal.init) == .alreadyExists)
    #expect(refused?.message.contains("exists with another owner (Gemeente, not Else)") == true)
    #expect(try await keys.store.key(id: 43) == nil)
    #expect(try await keys.store.verifyAuditTrail().isIntact)
  }
}
