import Foundation
import Synchronization

/// The JWS header fields a verifier reads, parsed once per distinct header: every token signed by
/// one key carries the same header segment, so a verifier meets a handful of them, and the parse
/// (base64url and a JSON decoder, about a sixth of a verification) is paid once per key instead
/// of once per token.
struct TokenHeader: Decodable, Sendable {
  var alg: String
  var kid: String?
  var crit: [String]?

  /// Distinct headers kept at most: a daemon signs with one key and publishes a few. A flood of
  /// distinct headers (only a forger makes them) empties the cache and costs nothing else.
  static let cacheCapacity = 8
  private static let cache = Mutex<[(segment: [UInt8], header: TokenHeader)]>([])

  /// The header of the segment `encoded` (base64url bytes), from the cache when seen before; nil
  /// when it is not base64url of a JSON object with at least `alg`.
  static func parse(_ encoded: UnsafeBufferPointer<UInt8>, caching: Bool = true) -> TokenHeader? {
    if caching,
      let known = cache.withLock({ entries in
        entries.first { $0.segment.elementsEqual(encoded) }?.header
      })
    {
      return known
    }
    guard let bytes = Base64URL.decode(bytes: encoded),
      let header = try? JSONDecoder().decode(TokenHeader.self, from: Data(bytes))
    else { return nil }
    if caching {
      cache.withLock { entries in
        if entries.count >= cacheCapacity { entries.removeAll(keepingCapacity: true) }
        entries.append((Array(encoded), header))
      }
    }
    return header
  }
}
