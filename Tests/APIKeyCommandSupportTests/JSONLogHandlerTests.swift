import Foundation
import Logging
import Testing

@testable import APIKeyCommandSupport

@Suite("JSON log lines")
struct JSONLogHandlerTests {
  @Test("One object per line, control characters and quotes escaped, metadata as strings")
  func line() throws {
    let line = JSONLogHandler.line(
      time: Date(timeIntervalSince1970: 1_800_000_000), level: .info, label: "apikeyserv",
      message: "Change \"quoted\"\nnext\u{1}", metadata: ["action": "issue_key", "n": "\(3)"],
      source: "APIKeyServer")
    #expect(line.hasSuffix("}\n") && line.filter { $0 == "\n" }.count == 1)
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    #expect(object["message"] as? String == "Change \"quoted\"\nnext\u{1}")
    #expect(object["level"] as? String == "info")
    #expect(object["time"] as? String == "2027-01-15T08:00:00.000Z")
    #expect(object["metadata"] as? [String: String] == ["action": "issue_key", "n": "3"])
  }
}
