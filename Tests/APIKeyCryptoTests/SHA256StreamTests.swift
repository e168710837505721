import APIKeyCrypto
import Testing

@Suite("SHA-256 in parts")
struct SHA256StreamTests {
  @Test("The digest of the parts is the digest of the whole")
  func parts() {
    let data = (0 ..< 100_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
    var stream = SHA256.Stream()
    for start in stride(from: 0, to: data.count, by: 7_777) {
      stream.update(Array(data[start ..< min(start + 7_777, data.count)]))
    }
    #expect(stream.finish() == SHA256.hash(data))
    var empty = SHA256.Stream()
    #expect(empty.finish() == SHA256.hash([UInt8]()))
  }
}
