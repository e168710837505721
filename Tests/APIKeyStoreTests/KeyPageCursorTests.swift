import APIKeyCore
import APIKeyStore
import Foundation
import Testing

@Suite("Key page cursor")
struct KeyPageCursorTests {
  @Test("A page token round-trips; garbage is refused naming page_token")
  func pageToken() throws {
    let record = KeyRecord(
      id: 77, contact: ContactDetails(email: "a@example.com", organisation: "O"),
      createdAt: Date(timeIntervalSince1970: 1_800_000_000),
      modifiedAt: Date(timeIntervalSince1970: 1_800_000_000), expiresAt: nil)
    let cursor = KeyPageCursor(after: record)
    #expect(try KeyPageCursor(token: cursor.token) == cursor)
    #expect(
      throws: APIKeyError.invalidArgument(
        field: "page_token", reason: "is not a token from ListKeys (in this order)")
    ) {
      try KeyPageCursor(token: "bogus")
    }
  }
}
