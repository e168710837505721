public import ArgumentParser
public import Foundation
public import SwiftProtobuf

/// A date on the command line: `2027-06-30` (midnight UTC) or ISO 8601 with a time and zone
/// (`2027-06-30T12:00:00Z`, `2027-06-30T14:00:00+02:00`).
public struct DateArgument: ExpressibleByArgument, Sendable {
  /// The date meant.
  public let date: Date

  public init?(argument text: String) {
    // The day-only form must be the whole text: its parser stops after the day, and would read
    // `2027-06-30T12:00:00` (no zone) as midnight.
    let strategies =
      text.utf8.count == 10
      ? [Date.ISO8601FormatStyle().year().month().day()]
      : [Date.ISO8601FormatStyle(), Date.ISO8601FormatStyle(includingFractionalSeconds: true)]
    guard let date = strategies.lazy.compactMap({ try? Date(text, strategy: $0) }).first else {
      return nil
    }
    self.date = date
  }

  /// The date as a request field.
  public var timestamp: Google_Protobuf_Timestamp { Google_Protobuf_Timestamp(date: date) }
}
