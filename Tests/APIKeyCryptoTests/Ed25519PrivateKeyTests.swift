import APIKeyCrypto
import TestSupport
import Testing

@Suite("Ed25519")
struct Ed25519Tests {
  struct Vector: Sendable, CustomTestStringConvertible {
    let name: String
    let seed: String
    let publicKey: String
    let message: String
    let signature: String
    var testDescription: String { name }
  }

  /// RFC 8032 §7.1, tests 1–3.
  static let rfc8032: [Vector] = [
    Vector(
      name: "TEST 1", seed: "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
      publicKey: "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", message: "",
      signature:
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
    ),
    Vector(
      name: "TEST 2", seed: "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
      publicKey: "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", message: "72",
      signature:
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"
    ),
    Vector(
      name: "TEST 3", seed: "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
      publicKey: "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
      message: "af82",
      signature:
        "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"
    ),
  ]

  @Test("RFC 8032 vectors: derived public key and signature match", arguments: rfc8032)
  func rfc8032Vectors(vector: Vector) throws {
    let key = try Ed25519PrivateKey(seed: hex(vector.seed))
    #expect(key.publicKey.rawRepresentation == hex(vector.publicKey))
    let signature = key.signature(for: hex(vector.message))
    #expect(signature == hex(vector.signature))
    #expect(key.publicKey.isValidSignature(signature, for: hex(vector.message)))
  }

  @Test("A signature does not verify for another message or another key")
  func rejectsWrongMessageAndKey() throws {
    let key = Ed25519PrivateKey()
    let signature = key.signature(for: Array("hello".utf8))
    #expect(!key.publicKey.isValidSignature(signature, for: Array("hellp".utf8)))
    #expect(!Ed25519PrivateKey().publicKey.isValidSignature(signature, for: Array("hello".utf8)))
    #expect(!key.publicKey.isValidSignature(signature.dropLast(), for: Array("hello".utf8)))
  }

  @Test("A private key's description never shows key material")
  func redactedDescription() throws {
    let key = try Ed25519PrivateKey(seed: hex(Self.rfc8032[0].seed))
    #expect("\(key)" == "Ed25519PrivateKey(<redacted>)")
  }

  @Test("Wrong lengths are refused", arguments: [0, 31, 33, 64])
  func wrongLengths(count: Int) {
    #expect(throws: CryptoError.self) {
      try Ed25519PrivateKey(seed: [UInt8](repeating: 1, count: count))
    }
    #expect(throws: CryptoError.self) {
      try Ed25519PublicKey(rawRepresentation: [UInt8](repeating: 1, count: count))
    }
  }
}
