import APIKeyCore
import Foundation
import Testing

@Suite("Key records")
struct KeyRecordTests {
  @Test("Random ids are positive 63-bit numbers, never 0")
  func randomIDs() {
    #expect(KeyRecord.randomID(using: { UInt64.max }) == Int64.max)
    var values: [UInt64] = [0, 1, 7]
    #expect(KeyRecord.randomID(using: { values.removeFirst() }) == 3)
  }
}
