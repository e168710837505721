public import Foundation

/// base64url without padding (RFC 4648 §5), as JWS and JWK use it.
public enum Base64URL {
  /// Encodes `bytes` as unpadded base64url.
  public static func encode(_ bytes: some Collection<UInt8>) -> String {
    var text = Data(bytes).base64EncodedString()
    text = text.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
    while text.hasSuffix("=") { text.removeLast() }
    return text
  }

  /// Decodes unpadded base64url; nil when `text` is not strictly base64url, including a last
  /// character with unused bits set (so that each byte string has exactly one encoding and a
  /// token cannot be altered without changing what it says).
  public static func decode(_ text: some StringProtocol) -> [UInt8]? {
    let utf8 = text.utf8
    guard utf8.count % 4 != 1, utf8.allSatisfy({ isAlphabet($0) }) else { return nil }
    if let last = Substring(text).utf8.last, let value = sextet(last) {
      switch utf8.count % 4 {
      case 2 where value & 0x0f != 0: return nil
      case 3 where value & 0x03 != 0: return nil
      default: break
      }
    }
    var standard = text.replacingOccurrences(of: "-", with: "+")
      .replacingOccurrences(of: "_", with: "/")
    standard += String(repeating: "=", count: (4 - standard.utf8.count % 4) % 4)
    return Data(base64Encoded: standard).map(Array.init)
  }

  private static func sextet(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "A")...UInt8(ascii: "Z"): return byte - UInt8(ascii: "A")
    case UInt8(ascii: "a")...UInt8(ascii: "z"): return byte - UInt8(ascii: "a") + 26
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0") + 52
    case UInt8(ascii: "-"): return 62
    case UInt8(ascii: "_"): return 63
    default: return nil
    }
  }

  private static func isAlphabet(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
      UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
      return true
    default:
      return false
    }
  }
}
