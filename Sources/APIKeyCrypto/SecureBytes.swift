import CSodium

/// Secret bytes in libsodium's guarded memory (`sodium_malloc`): locked in RAM so they are not
/// swapped out, fenced by guard pages, read-only once written, and wiped when released. Private
/// keys and the master key live here rather than in ordinary arrays, which Swift may copy and
/// leave behind in freed memory.
public final class SecureBytes: @unchecked Sendable {
  // @unchecked: the memory is written once in `init`, then made read-only (sodium_mprotect) and
  // only read until `deinit`.
  private let pointer: UnsafeMutableRawPointer
  /// The number of bytes.
  public let count: Int

  /// A copy of `bytes` in guarded memory, made read-only.
  public init(copying bytes: some Collection<UInt8>) {
    Sodium.ensureInitialised()
    // sodium_malloc fails only when memory is exhausted; nothing can go on then.
    guard let pointer = sodium_malloc(max(bytes.count, 1)) else {
      fatalError("cannot allocate guarded memory for a secret")
    }
    self.pointer = pointer
    self.count = bytes.count
    UnsafeMutableRawBufferPointer(start: pointer, count: bytes.count).copyBytes(from: bytes)
    _ = sodium_mprotect_readonly(pointer)
  }

  /// Calls `body` with the bytes; do not let them escape.
  public func withUnsafeBytes<R, E: Error>(
    _ body: (UnsafeRawBufferPointer) throws(E) -> R
  ) throws(E) -> R {
    try body(UnsafeRawBufferPointer(start: pointer, count: count))
  }

  /// A plain copy, for the few places that must hand the bytes on (writing the key file).
  public var copiedBytes: [UInt8] { withUnsafeBytes { Array($0) } }

  deinit {
    sodium_free(pointer)  // unlocks, wipes and releases
  }
}

extension Array where Element == UInt8 {
  /// Overwrites the bytes with zeros (a temporary copy of a secret, before it goes).
  mutating func wipe() {
    withUnsafeMutableBytes { sodium_memzero($0.baseAddress, $0.count) }
  }
}
