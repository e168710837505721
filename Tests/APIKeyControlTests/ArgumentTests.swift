import APIKeyCommandSupport
import APIKeyControl
import Foundation
import Testing

@Suite("Typed arguments")
struct ArgumentTests {
  @Test(
    "Dates: a day is midnight UTC; a time needs a zone; fractions are kept",
    arguments: [
      ("2027-06-30", 1_814_313_600.0), ("2027-06-30T12:00:00Z", 1_814_356_800),
      ("2027-06-30T14:00:00+02:00", 1_814_356_800), ("2027-06-30T12:00:00.250Z", 1_814_356_800.25),
    ])
  func dates(text: String, seconds: Double) throws {
    let date = try #require(DateArgument(argument: text)).date
    #expect(date.timeIntervalSince1970 == seconds)
  }

  @Test(
    "Not a date (a time without a zone is not midnight)",
    arguments: ["tomorrow", "30-06-2027", "2027-13-01", "2027-06-30T12:00:00", "2027-06-30x", ""])
  func notDates(text: String) {
    #expect(DateArgument(argument: text) == nil)
  }

  @Test(
    "Durations: units s, m, h, d, combined; 0 alone",
    arguments: [
      ("90s", 90.0), ("65m", 3900), ("2h", 7200), ("7d", 604_800), ("1h30m", 5400), ("0", 0),
    ])
  func durations(text: String, seconds: Double) throws {
    #expect(try #require(DurationArgument(argument: text)).seconds == seconds)
  }

  @Test(
    "A duration is shown in the largest unit that divides it, as --check-config shows settings",
    arguments: [("90s", "90s"), ("120s", "2m"), ("1h30m", "90m"), ("48h", "2d"), ("0", "0")])
  func shownDurations(text: String, shown: String) throws {
    #expect(try #require(DurationArgument(argument: text)).description == shown)
  }

  @Test("Not a duration", arguments: ["", "5", "3x", "h", "-5m", "1.5h", "2000000d", "5m3"])
  func notDurations(text: String) {
    #expect(DurationArgument(argument: text) == nil)
  }

  @Test("A kid may carry the kid: prefix; only 43-character kids that start with - get it added")
  func kids() throws {
    let dashKid = "-h7ctaQ8rB2vB1bqQf0l5p8X0dYfJc3vW6c0uYx9Z2k"
    #expect(dashKid.utf8.count == 43)
    #expect(try #require(KidArgument(argument: "kid:\(dashKid)")).kid == dashKid)
    #expect(try #require(KidArgument(argument: "abc")).kid == "abc")
    #expect(KidArgument(argument: "kid:") == nil)
    #expect(
      KidArgument.escaping(["retire", dashKid, "--grace", "-h"]) == [
        "retire", "kid:\(dashKid)", "--grace", "-h",
      ])
  }
}
