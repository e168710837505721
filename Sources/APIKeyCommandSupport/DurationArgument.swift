import APIKeyCore
public import ArgumentParser
public import Foundation

/// A duration on the command line: a number and a unit, or several (`90s`, `65m`, `2h`, `7d`,
/// `2w`, `1y` (365 days), `1h30m`); `0` is zero.
public struct DurationArgument: ExpressibleByArgument, Sendable, CustomStringConvertible {
  private static let units: [Character: TimeInterval] = [
    "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400, "y": 365 * 86400,
  ]

  /// The duration in seconds.
  public let seconds: TimeInterval

  public init?(argument text: String) {
    guard text != "0" else {
      seconds = 0
      return
    }
    var total: TimeInterval = 0
    var digits = ""
    for character in text {
      if character.isASCII, character.isNumber {
        digits.append(character)
      } else if let unit = Self.units[character], let value = Int(digits), value <= 1_000_000 {
        total += TimeInterval(value) * unit
        digits = ""
      } else {
        return nil
      }
    }
    guard digits.isEmpty, !text.isEmpty else { return nil }
    seconds = total
  }

  /// The largest unit that divides it (`5m`, `400d`, `90s`), as settings are shown.
  public var description: String { DurationText.short(seconds) }
}
