import APIKeyCore
import Foundation
import Testing

@Suite("Issue requests")
struct IssueRequestTests {
  @Test("A request id longer than 128 characters is refused; an empty one is ignored")
  func requestID() throws {
    let contact = ContactDetails(email: "a@b.nl", organisation: "O")
    #expect(try IssueRequest(contact: contact, requestID: " ").validated().requestID == nil)
    #expect(
      throws: APIKeyError.invalidArgument(
        field: "request_id", reason: "is longer than 128 characters")
    ) {
      try IssueRequest(contact: contact, requestID: String(repeating: "r", count: 129)).validated()
    }
  }
}
