import APIKeyCore
import Foundation
import Testing

@Suite("Rate limits")
struct RateLimitTests {
  @Test(
    "COUNT/UNIT parses and prints back; anything else is refused",
    arguments: [
      ("3/day", 3, 86400.0), ("100/hour", 100, 3600), ("10/minute", 10, 60), ("5/s", 5, 1),
      ("20/90s", 20, 90),
    ])
  func parses(text: String, count: Int, window: Double) throws {
    let limit = try #require(RateLimit(text))
    #expect(limit == RateLimit(count: count, window: window))
    #expect(RateLimit(limit.description) == limit)
  }

  @Test(
    "Malformed limits are refused",
    arguments: ["", "3", "0/day", "-1/day", "3/week", "x/day", "3/0s"])
  func refuses(text: String) {
    #expect(RateLimit(text) == nil)
  }

  @Test("A window admits COUNT events per key, then says when the oldest leaves it")
  func window() {
    var window = RateWindow(RateLimit(count: 2, window: 60))
    let start = Date(timeIntervalSince1970: 1_000_000)
    window.record("a", at: start)
    #expect(window.retryAfter("a", at: start + 10) == nil)
    window.record("a", at: start + 10)
    #expect(window.retryAfter("a", at: start + 20) == 40)
    #expect(window.retryAfter("b", at: start + 20) == nil)
    #expect(window.retryAfter("a", at: start + 60) == nil)
    #expect(window.trackedKeys(at: start + 20) == 1)
    #expect(window.trackedKeys(at: start + 100) == 0)
  }

  @Test("Keys whose events left the window are dropped as the table grows")
  func sweeps() {
    var window = RateWindow(RateLimit(count: 1, window: 1))
    let start = Date(timeIntervalSince1970: 1_000_000)
    for index in 0 ..< 5000 { window.record("k\(index)", at: start + Double(index)) }
    #expect(window.trackedKeys(at: start + 5000) == 0)
    #expect(window.retryAfter("k4999", at: start + 4999.5) == 1)
  }
}
