import APIKeyCore
import Foundation
import SwiftProtobuf

/// Conversions between protobuf timestamps and dates, with range checks for input.
extension Google_Protobuf_Timestamp {
  /// The timestamp of `date`, rounded to microseconds (the store's precision).
  init(microsecondsOf date: Date) {
    let micros = date.microsecondsSince1970
    var seconds = micros / 1_000_000
    var remainder = micros % 1_000_000
    if remainder < 0 {
      seconds -= 1
      remainder += 1_000_000
    }
    self.init(seconds: seconds, nanos: Int32(remainder * 1000))
  }

  /// The date of a timestamp a caller sent; `invalidArgument` on `field` when out of range
  /// (years 1 to 9999, nanos below a second).
  func validatedDate(field: String) throws(APIKeyError) -> Date {
    guard seconds >= -62_135_596_800, seconds <= 253_402_300_799, nanos >= 0, nanos < 1_000_000_000
    else { throw .invalidArgument(field: field, reason: "is not a valid timestamp") }
    return date
  }
}
