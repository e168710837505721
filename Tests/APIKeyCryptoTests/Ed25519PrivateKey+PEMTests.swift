import APIKeyCrypto
import Foundation
import TestSupport
import Testing

@Suite("PKCS#8 PEM")
struct PEMTests {
  /// Printed by `openssl genpkey -algorithm ED25519`; its seed and public key by `openssl pkey`.
  static let opensslPEM = """
    -----BEGIN PRIVATE KEY-----
    MC4CAQAwBQYDK2VwBCIEIAp4/WS5RZTBVvlX5AEYg+hezyFOKfPSft6hlFxYcvZG
    -----END PRIVATE KEY-----

    """
  static let opensslSeed = "0a78fd64b94594c156f957e4011883e85ecf214e29f3d27edea1945c5872f646"
  static let opensslPublicKeyBase64URL = "OTV3rXMbecdwa8w2mn_yu6MtTX32MCAkTbU6_BV13Xo"

  @Test("An openssl-generated key reads with the seed and public key openssl reports")
  func readsOpenSSLKey() throws {
    let key = try Ed25519PrivateKey(pem: Self.opensslPEM)
    #expect(key.seed == hex(Self.opensslSeed))
    let publicBase64 = Data(key.publicKey.rawRepresentation).base64EncodedString()
      .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
      .replacingOccurrences(of: "=", with: "")
    #expect(publicBase64 == Self.opensslPublicKeyBase64URL)
  }

  @Test("Writing and reading PEM gives the same key, byte for byte the openssl form")
  func roundTrip() throws {
    let key = try Ed25519PrivateKey(pem: Self.opensslPEM)
    #expect(key.pemRepresentation == Self.opensslPEM)
    let fresh = Ed25519PrivateKey()
    #expect(try Ed25519PrivateKey(pem: fresh.pemRepresentation).seed == fresh.seed)
  }

  struct BadPEM: Sendable, CustomTestStringConvertible {
    let name: String
    let pem: String
    let expected: String
    var testDescription: String { name }
  }

  static let bad: [BadPEM] = [
    BadPEM(name: "empty", pem: "", expected: "must start with"),
    BadPEM(
      name: "encrypted",
      pem:
        "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIGbMFcGCSqGSIb3DQEFDTBKMCkGCSqGSIb3DQEFDDAcBAgpOD551BafFQICCAAw\n-----END ENCRYPTED PRIVATE KEY-----\n",
      expected: "encrypted"),
    BadPEM(
      name: "X25519 key",
      pem:
        "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VuBCIEIKhwxdZgwxiGhuRou8dtcpeVM8B7at5yZci1kEyvt0tB\n-----END PRIVATE KEY-----\n",
      expected: "X25519"),
    BadPEM(
      name: "RSA key header",
      pem: "-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAK\n-----END RSA PRIVATE KEY-----\n",
      expected: "RSA"),
    BadPEM(name: "trailing garbage", pem: opensslPEM + "garbage\n", expected: "after"),
    BadPEM(
      name: "two keys", pem: opensslPEM + opensslPEM, expected: "after"),
    BadPEM(
      name: "bad base64",
      pem:
        "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIAp4/WS5RZTBVvlX5AEYg+hez!!!\n-----END PRIVATE KEY-----\n",
      expected: "base64"),
    BadPEM(
      name: "truncated",
      pem:
        "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIAp4/WS5RZTBVvlX5AEYg+hezyFOKfPSft6h\n-----END PRIVATE KEY-----\n",
      expected: "not an Ed25519 PKCS#8"),
    BadPEM(
      name: "no end line", pem: "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIAp4\n",
      expected: "END"),
    // Found by `make fuzz` (FuzzPEM): begin and end lines sharing dashes crashed the reader.
    BadPEM(
      name: "overlapping begin and end lines",
      pem: "-----BEGIN PRIVATE KEY-------END PRIVATE KEY-----\n", expected: "END"),
    BadPEM(
      name: "begin line only, its dashes as the end",
      pem: "-----BEGIN PRIVATE KEY-----", expected: "END"),
  ]

  @Test("Unusable PEM is refused with a reason", arguments: bad)
  func refusesBadPEM(_ bad: BadPEM) {
    let error = #expect(throws: CryptoError.self) { _ = try Ed25519PrivateKey(pem: bad.pem) }
    #expect(error?.description.contains(bad.expected) == true, "\(String(describing: error))")
  }
}
