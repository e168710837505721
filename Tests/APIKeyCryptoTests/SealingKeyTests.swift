import APIKeyCrypto
import Testing

@Suite("Sealing under the master key")
struct SealingKeyTests {
  let secret: [UInt8] = Array(0 ..< 32)

  @Test("A sealed value opens with the same key and associated data, and hides the plaintext")
  func roundTrip() throws {
    let master = SealingKey()
    let sealed = master.seal(secret, associatedData: Array("kid-1".utf8))
    #expect(try master.open(sealed, associatedData: Array("kid-1".utf8)) == secret)
    #expect(!sealed.windows(ofCount: 8).contains { Array($0) == Array(secret[0 ..< 8]) })
    #expect(master.seal(secret, associatedData: []) != master.seal(secret, associatedData: []))
  }

  @Test("Another master key, another kid or a flipped bit does not open")
  func refusesWrongInputs() throws {
    let master = SealingKey()
    var sealed = master.seal(secret, associatedData: Array("kid-1".utf8))
    #expect(throws: CryptoError.unsealFailed) {
      try SealingKey().open(sealed, associatedData: Array("kid-1".utf8))
    }
    #expect(throws: CryptoError.unsealFailed) {
      try master.open(sealed, associatedData: Array("kid-2".utf8))
    }
    sealed[sealed.count - 1] ^= 1
    #expect(throws: CryptoError.unsealFailed) {
      try master.open(sealed, associatedData: Array("kid-1".utf8))
    }
    #expect(throws: CryptoError.unsealFailed) { try master.open([1, 2, 3], associatedData: []) }
  }
}

extension Array {
  fileprivate func windows(ofCount count: Int) -> [ArraySlice<Element>] {
    guard self.count >= count else { return [] }
    return (0 ... (self.count - count)).map { self[$0 ..< ($0 + count)] }
  }
}
