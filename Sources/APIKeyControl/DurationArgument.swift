public import Foundation

/// Durations on the command line: a number and a unit, or several (`90s`, `65m`, `2h`, `7d`,
/// `1h30m`); `0` is zero.
public enum DurationArgument {
  private static let units: [Character: TimeInterval] = ["s": 1, "m": 60, "h": 3600, "d": 86400]

  /// The seconds `text` means, or a failure naming `flag`.
  public static func parse(_ text: String, flag: String) throws -> TimeInterval {
    let failure = ControlFailure(
      "\(flag): cannot read \"\(text)\" as a duration; use a number and a unit: 90s, 65m, 2h, 7d")
    if text == "0" { return 0 }
    var total: TimeInterval = 0
    var digits = ""
    for character in text {
      if character.isASCII, character.isNumber {
        digits.append(character)
      } else if let unit = units[character], let value = Int(digits), value <= 1_000_000 {
        total += TimeInterval(value) * unit
        digits = ""
      } else {
        throw failure
      }
    }
    guard digits.isEmpty, !text.isEmpty else { throw failure }
    return total
  }
}
