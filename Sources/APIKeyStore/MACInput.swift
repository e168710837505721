/// The bytes a MAC covers, built field by field so that no two different sequences of fields give
/// the same bytes: integers as 8 big-endian bytes, optionals with a presence byte, byte strings
/// with their length first.
struct MACInput {
  private(set) var bytes: [UInt8] = []

  /// Starts with `domain`, which keeps MACs of different kinds of record apart.
  init(domain: String) {
    append(domain)
  }

  /// Starts with `bytes` as they are (the audit chain's previous hash).
  init(prefix bytes: [UInt8]) {
    self.bytes = bytes
  }

  mutating func append(_ value: Int64) {
    for shift in stride(from: 56, through: 0, by: -8) {
      bytes.append(UInt8(truncatingIfNeeded: UInt64(bitPattern: value) >> UInt64(shift)))
    }
  }

  mutating func append(_ value: Int64?) {
    bytes.append(value == nil ? 0 : 1)
    if let value { append(value) }
  }

  mutating func append(_ value: [UInt8]) {
    append(Int64(value.count))
    bytes += value
  }

  mutating func append(_ value: String) {
    append(Array(value.utf8))
  }
}
