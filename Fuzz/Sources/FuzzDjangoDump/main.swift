import APIKeyCore
import Foundation

let amsterdam = TimeZone(identifier: "Europe/Amsterdam")!

/// The reader of the original's `dumpdata` JSON: any bytes are refused with a precise error or
/// read as records that pass validation.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDjangoDump(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
  let bytes = UnsafeRawBufferPointer(start: start, count: count)
  if let dump = try? DjangoDump(json: bytes, timeZone: amsterdam) {
    for record in dump.keys {
      precondition(record.id > 0, "a key id that is not positive was accepted")
    }
  }
  return 0
}
