import APIKeyCommandSupport
public import ArgumentParser
public import Foundation
public import SwiftProtobuf

/// An expiry on the command line: a date (`2027-06-30`, ISO 8601 with a time and zone) or a
/// duration from now (`30d`, `1y`, `12w`), read when the command starts.
public struct ExpiryArgument: ExpressibleByArgument, Sendable {
  /// The moment meant.
  public let date: Date

  public init?(argument text: String) {
    if let date = DateArgument(argument: text)?.date {
      self.date = date
    } else if let duration = DurationArgument(argument: text), duration.seconds > 0 {
      self.date = Date() + duration.seconds
    } else {
      return nil
    }
  }

  /// The moment as a request field.
  public var timestamp: Google_Protobuf_Timestamp { Google_Protobuf_Timestamp(date: date) }
}
