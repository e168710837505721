import Foundation

/// PKCS#8 PEM (RFC 5958, RFC 8410) for Ed25519 private keys: what
/// `openssl genpkey -algorithm ED25519` prints.
extension Ed25519PrivateKey {
  private static let beginLine = "-----BEGIN PRIVATE KEY-----"
  private static let endLine = "-----END PRIVATE KEY-----"
  /// PrivateKeyInfo v1 up to the seed: SEQUENCE, version 0, AlgorithmIdentifier(Ed25519),
  /// OCTET STRING wrapping an OCTET STRING of 32 bytes.
  private static let v1Prefix: [UInt8] = [
    0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
  ]
  /// OneAsymmetricKey v2 (with the public key appended as [1] BIT STRING).
  private static let v2Prefix: [UInt8] = [
    0x30, 0x51, 0x02, 0x01, 0x01, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
  ]
  private static let v2PublicKeyTag: [UInt8] = [0x81, 0x21, 0x00]
  private static let knownAlgorithms: [([UInt8], String)] = [
    ([0x2b, 0x65, 0x6e], "X25519"), ([0x2b, 0x65, 0x6f], "X448"), ([0x2b, 0x65, 0x71], "Ed448"),
    ([0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01], "RSA"),
    ([0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01], "EC"),
  ]

  /// Reads an unencrypted Ed25519 private key from PKCS#8 PEM. Only whitespace may surround
  /// the one PEM block; encrypted keys, other algorithms and trailing text are refused.
  public init(pem: String) throws(CryptoError) {
    let text = pem.trimmingCharacters(in: .whitespacesAndNewlines)
    if text.hasPrefix("-----BEGIN ENCRYPTED PRIVATE KEY-----") {
      throw .invalidPEM("the PEM is encrypted; decrypt it first (openssl pkey -in FILE)")
    }
    if let other = Self.otherKeyType(text) {
      throw .invalidPEM("not an Ed25519 key: the PEM holds a \(other) key")
    }
    guard text.hasPrefix(Self.beginLine) else {
      throw .invalidPEM("not a PEM private key: it must start with \(Self.beginLine)")
    }
    // The end line is looked for after the begin line only: the two may share dashes
    // ("-----BEGIN PRIVATE KEY-------END PRIVATE KEY-----", found by fuzzing, crashed here).
    let bodyStart = text.index(text.startIndex, offsetBy: Self.beginLine.count)
    guard let endRange = text.range(of: Self.endLine, range: bodyStart ..< text.endIndex) else {
      throw .invalidPEM("the PEM has no \(Self.endLine) line")
    }
    guard endRange.upperBound == text.endIndex else {
      throw .invalidPEM("unexpected text after \(Self.endLine)")
    }
    let body = text[bodyStart ..< endRange.lowerBound]
    let base64 = body.filter { !$0.isWhitespace }
    guard let der = Data(base64Encoded: String(base64)) else {
      throw .invalidPEM("the PEM body is not valid base64")
    }
    try self.init(pkcs8DER: Array(der))
  }

  /// Reads an Ed25519 private key from PKCS#8 DER (v1, or v2 with a matching public key).
  public init(pkcs8DER der: [UInt8]) throws(CryptoError) {
    if der.count == 48, der.starts(with: Self.v1Prefix) {
      try self.init(seed: der[16...])
      return
    }
    if der.count == 83, der.starts(with: Self.v2Prefix),
      Array(der[48 ..< 51]) == Self.v2PublicKeyTag
    {
      try self.init(seed: der[16 ..< 48])
      guard publicKey.rawRepresentation == Array(der[51...]) else {
        throw .invalidPEM("the PEM's public key does not match its private key")
      }
      return
    }
    if let name = Self.knownAlgorithms.first(where: { Self.contains(der, $0.0) })?.1 {
      throw .invalidPEM("not an Ed25519 key: the PEM holds a \(name) key")
    }
    throw .invalidPEM("not an Ed25519 PKCS#8 private key")
  }

  /// The key as PKCS#8 v1 PEM, the form `openssl genpkey -algorithm ED25519` prints.
  public var pemRepresentation: String {
    let body = Data(Self.v1Prefix + seed).base64EncodedString(options: [.lineLength64Characters])
    return "\(Self.beginLine)\n\(body)\n\(Self.endLine)\n"
  }

  private static func otherKeyType(_ text: String) -> String? {
    for (label, name) in [("RSA", "RSA"), ("EC", "EC"), ("DSA", "DSA"), ("OPENSSH", "OpenSSH")]
    where text.hasPrefix("-----BEGIN \(label) PRIVATE KEY-----") {
      return name
    }
    return text.hasPrefix("-----BEGIN PUBLIC KEY-----") ? "public" : nil
  }

  private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
    guard haystack.count >= needle.count else { return false }
    return (0 ... (haystack.count - needle.count)).contains {
      haystack[$0 ..< ($0 + needle.count)].elementsEqual(needle)
    }
  }
}
