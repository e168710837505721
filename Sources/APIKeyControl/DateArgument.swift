public import Foundation

/// Dates on the command line: `2027-06-30` (midnight UTC) or ISO 8601 with a time and zone
/// (`2027-06-30T12:00:00Z`, `2027-06-30T14:00:00+02:00`).
public enum DateArgument {
  /// The date `text` means, or a failure naming `flag`.
  public static func parse(_ text: String, flag: String) throws -> Date {
    if let date = try? Date(text, strategy: .iso8601) { return date }
    if let date = try? Date(text, strategy: Date.ISO8601FormatStyle().year().month().day()) {
      return date
    }
    if let date = try? Date(
      text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    {
      return date
    }
    throw ControlFailure(
      "\(flag): cannot read \"\(text)\" as a date; use 2027-06-30 or 2027-06-30T12:00:00Z")
  }
}
