import APIKeyCore
package import APIKeyCrypto
package import Foundation

/// The value in a reminder's renewal link (`/renew/<value>`): it names the key, the expiry the
/// reminder was for, the threshold, and when the link stops working, under a MAC keyed from the
/// master key (`renewal-link`), so only the daemon makes one. It works once: renewing moves the
/// key's expiry, and a link names the expiry it was made for.
package struct RenewalLink: Sendable, Equatable {
  package var keyID: Int64
  /// The expiry the reminder was for, in microseconds (as stored).
  package var expiresAt: Date
  /// Seconds before that expiry the reminder was sent.
  package var threshold: Int64
  /// When the link stops working, in whole seconds.
  package var validUntil: Date

  package init(keyID: Int64, expiresAt: Date, threshold: Int64, validUntil: Date) {
    self.keyID = keyID
    self.expiresAt = Date(microsecondsSince1970: expiresAt.microsecondsSince1970)
    self.threshold = threshold
    self.validUntil = Date(timeIntervalSince1970: validUntil.timeIntervalSince1970.rounded(.down))
  }

  static let version: UInt8 = 1
  static let macLength = 16
  static let payloadLength = 1 + 8 * 4

  /// The MAC key for links, derived from the master key.
  package static func key(from sealingKey: SealingKey) -> [UInt8] {
    sealingKey.derivedKey(for: "renewal-link")
  }

  /// The link's value: base64url of the fields and the MAC's first 16 bytes (66 characters).
  package func value(key: [UInt8]) -> String {
    let payload = payload
    return Base64URL.encode(payload + HMACSHA256.authenticate(payload, key: key).prefix(16))
  }

  /// The link `value` names, when its MAC is right under `key`; nil for anything else (another
  /// daemon's link, a changed character, a value cut short).
  package init?(value: String, key: [UInt8]) {
    guard value.utf8.count <= 128, let bytes = Base64URL.decode(value),
      bytes.count == Self.payloadLength + Self.macLength, bytes.first == Self.version
    else { return nil }
    let payload = Array(bytes.prefix(Self.payloadLength))
    let expected = HMACSHA256.authenticate(payload, key: key).prefix(Self.macLength)
    guard zip(expected, bytes.suffix(Self.macLength)).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0
    else { return nil }
    func field(_ index: Int) -> Int64 {
      payload[(1 + index * 8) ..< (9 + index * 8)].reduce(0) { $0 << 8 | Int64($1) }
    }
    self.init(
      keyID: field(0), expiresAt: Date(microsecondsSince1970: field(1)), threshold: field(2),
      validUntil: Date(timeIntervalSince1970: Double(field(3))))
  }

  private var payload: [UInt8] {
    var bytes = [Self.version]
    for field in [
      keyID, expiresAt.microsecondsSince1970, threshold, Int64(validUntil.timeIntervalSince1970),
    ] {
      bytes += (0 ..< 8).reversed().map { UInt8(truncatingIfNeeded: field >> ($0 * 8)) }
    }
    return bytes
  }
}
