import Foundation

/// base64url without padding (RFC 4648 §5), as JWS and JWK use it.
public enum Base64URL {
  /// Encodes `bytes` as unpadded base64url.
  public static func encode(_ bytes: some Collection<UInt8>) -> String {
    let input = Array(bytes)
    let count = (input.count * 4 + 2) / 3
    return String(unsafeUninitializedCapacity: count) { output in
      var out = 0
      func put(_ group: UInt32, _ characters: Int) {
        for position in 0 ..< characters {
          output[out] = alphabet[Int((group >> UInt32(18 - 6 * position)) & 0x3F)]
          out += 1
        }
      }
      var index = 0
      while index + 3 <= input.count {
        put(
          UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8 | UInt32(input[index + 2]), 4)
        index += 3
      }
      switch input.count - index {
      case 1: put(UInt32(input[index]) << 16, 2)
      case 2: put(UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8, 3)
      default: break
      }
      return out
    }
  }

  /// The 64 characters, by value.
  private static let alphabet = Array(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

  /// Decodes unpadded base64url; nil when `text` is not strictly base64url, including a last
  /// character with unused bits set (so that each byte string has exactly one encoding and a
  /// token cannot be altered without changing what it says).
  public static func decode(_ text: some StringProtocol) -> [UInt8]? {
    var input = Substring(text)
    return input.withUTF8 { decode(bytes: $0) }
  }

  /// Decodes unpadded base64url from UTF-8 bytes (see `decode(_:)`).
  public static func decode(bytes input: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
    let count = input.count
    guard count % 4 != 1 else { return nil }
    var output = [UInt8]()
    output.reserveCapacity(count * 3 / 4)
    var accumulator: UInt32 = 0
    var bits = 0
    for byte in input {
      guard let value = sextet(byte) else { return nil }
      accumulator = (accumulator << 6) | UInt32(value)
      bits += 6
      if bits >= 8 {
        bits -= 8
        output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
      }
    }
    // Leftover bits must be zero: otherwise a second spelling of the same bytes.
    guard accumulator & ((1 << UInt32(bits)) - 1) == 0 else { return nil }
    return output
  }

  private static func sextet(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "A") ... UInt8(ascii: "Z"): return byte - UInt8(ascii: "A")
    case UInt8(ascii: "a") ... UInt8(ascii: "z"): return byte - UInt8(ascii: "a") + 26
    case UInt8(ascii: "0") ... UInt8(ascii: "9"): return byte - UInt8(ascii: "0") + 52
    case UInt8(ascii: "-"): return 62
    case UInt8(ascii: "_"): return 63
    default: return nil
    }
  }
}
