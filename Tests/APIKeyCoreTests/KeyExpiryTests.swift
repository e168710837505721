import APIKeyCore
import Foundation
import Testing

@Suite("Key expiry")
struct KeyExpiryTests {
  @Test("Expiry: default one year, explicit future time, never; a past time is refused")
  func expiry() throws {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    #expect(try KeyExpiry.defaultTerm.resolve(now: now) == now + 365 * 24 * 3600)
    #expect(try KeyExpiry.never.resolve(now: now) == nil)
    #expect(try KeyExpiry.at(now + 10).resolve(now: now) == now + 10)
    #expect(throws: APIKeyError.invalidArgument(field: "expires_at", reason: "is in the past")) {
      try KeyExpiry.at(now - 1).resolve(now: now)
    }
  }
}
