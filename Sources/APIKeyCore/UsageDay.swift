public import Foundation

/// A UTC day, as usage is counted: days since 1970-01-01.
public struct UsageDay: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// Days since 1970-01-01 (UTC).
  public var number: Int64

  /// The day `number` days after 1970-01-01.
  public init(number: Int64) {
    self.number = number
  }

  /// The UTC day that holds `date`.
  public init(_ date: Date) {
    number = Int64((date.timeIntervalSince1970 / 86_400).rounded(.down))
  }

  /// Its first instant.
  public var start: Date { Date(timeIntervalSince1970: Double(number) * 86_400) }

  /// `YYYY-MM-DD`.
  public var description: String {
    let parts = Calendar.utc.dateComponents([.year, .month, .day], from: start)
    // '!' is fine: the Gregorian calendar gives every component asked for.
    return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
  }

  public static func < (a: UsageDay, b: UsageDay) -> Bool { a.number < b.number }
}

extension Calendar {
  /// The Gregorian calendar in UTC.
  static let utc: Calendar = {
    var calendar = Calendar(identifier: .gregorian)
    // '!' is fine: UTC always exists.
    calendar.timeZone = TimeZone(identifier: "UTC")!
    return calendar
  }()
}
