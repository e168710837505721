import Foundation

/// Reads Django's serialized datetimes: `2026-11-29T06:54:15.469` (naive: in the given zone, as
/// the original runs with USE_TZ = False), with an optional `Z` or `±HH:MM` offset (USE_TZ =
/// True dumps), or a date alone (midnight in the zone).
struct DjangoTimestampReader {
  private let calendar: Calendar

  init(timeZone: TimeZone) {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = timeZone
    self.calendar = calendar
  }

  func date(_ text: String) -> Date? {
    let bytes = Array(text.utf8)
    var position = 0
    func number(_ digits: Int) -> Int? {
      guard position + digits <= bytes.count else { return nil }
      var value = 0
      for byte in bytes[position ..< (position + digits)] {
        guard (0x30 ... 0x39).contains(byte) else { return nil }
        value = value * 10 + Int(byte - 0x30)
      }
      position += digits
      return value
    }
    func skip(_ character: UInt8) -> Bool {
      guard position < bytes.count, bytes[position] == character else { return false }
      position += 1
      return true
    }
    guard let year = number(4), skip(UInt8(ascii: "-")), let month = number(2),
      skip(UInt8(ascii: "-")), let day = number(2)
    else { return nil }
    var components = DateComponents(
      year: year, month: month, day: day, hour: 0, minute: 0, second: 0)
    var micros: Int64 = 0
    if skip(UInt8(ascii: "T")) || skip(UInt8(ascii: " ")) {
      guard let hour = number(2), skip(UInt8(ascii: ":")), let minute = number(2) else {
        return nil
      }
      components.hour = hour
      components.minute = minute
      if skip(UInt8(ascii: ":")) {
        guard let second = number(2) else { return nil }
        components.second = second
        if skip(UInt8(ascii: ".")) {
          var scale: Int64 = 100_000
          let start = position
          while position < bytes.count, (0x30 ... 0x39).contains(bytes[position]) {
            micros += Int64(bytes[position] - 0x30) * scale
            scale /= 10
            position += 1
          }
          guard position > start else { return nil }
        }
      }
    }
    var zone = calendar.timeZone
    if skip(UInt8(ascii: "Z")) {
      zone = TimeZone(secondsFromGMT: 0)!  // '!' is fine: 0 is a valid offset
    } else if position < bytes.count,
      bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-")
    {
      let sign = bytes[position] == UInt8(ascii: "-") ? -1 : 1
      position += 1
      guard let hours = number(2) else { return nil }
      _ = skip(UInt8(ascii: ":"))
      guard let minutes = number(2),
        let offset = TimeZone(secondsFromGMT: sign * (hours * 3600 + minutes * 60))
      else { return nil }
      zone = offset
    }
    guard position == bytes.count, (1 ... 12).contains(month), (1 ... 31).contains(day),
      (0 ... 23).contains(components.hour ?? 0), (0 ... 59).contains(components.minute ?? 0),
      (0 ... 59).contains(components.second ?? 0)
    else { return nil }
    var local = calendar
    local.timeZone = zone
    guard let date = local.date(from: components), local.component(.day, from: date) == day else {
      return nil
    }
    return Date(microsecondsSince1970: date.microsecondsSince1970 + micros)
  }
}
