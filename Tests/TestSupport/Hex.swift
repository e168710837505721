/// The bytes of a hex string (test vectors); traps on malformed input, which is a bug in the test.
public func hex(_ text: String) -> [UInt8] {
  var bytes: [UInt8] = []
  var index = text.startIndex
  while index < text.endIndex {
    let next = text.index(index, offsetBy: 2)
    bytes.append(UInt8(text[index ..< next], radix: 16)!)
    index = next
  }
  return bytes
}
