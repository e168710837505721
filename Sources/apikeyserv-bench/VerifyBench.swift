import APIKeyClient
import APIKeyCore
import APIKeyCrypto
import ArgumentParser
import Foundation

/// `apikeyserv-bench verify`: offline verifications per second on one core (one task), next to
/// the raw libsodium signature check on the same token, in the same run.
struct VerifyBench: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "verify",
    abstract: "KeySet.verify against raw crypto_sign_verify_detached, one core.")

  @Option(help: "Verifications per measurement.")
  var count: Int = 200_000

  @Option(help: "Keys in the set (the token's kid selects one).")
  var keys: Int = 3

  func run() throws {
    let privateKeys = (0 ..< max(keys, 1)).map { _ in Ed25519PrivateKey() }
    let signer = privateKeys[0]
    let keySet = try KeySet(
      jwksJSON: JSONWebKey.set(privateKeys.map { JSONWebKey(publicKey: $0.publicKey) }))
    let token = TokenSigner(key: signer).sign(
      TokenClaims(keyID: 8_470_085_294_294_189_613, issuedAt: Date(), expiresAt: Date() + 3600))
    let parts = token.split(separator: ".")
    let message = Array("\(parts[0]).\(parts[1])".utf8)
    // '!' is fine: the token was just made by TokenSigner, its signature is base64url.
    let signature = Base64URL.decode(parts[2])!
    let publicKey = signer.publicKey

    let raw = measure { publicKey.isValidSignature(signature, for: message) }
    let full = measure { (try? keySet.verify(token)) != nil }
    print(
      "token: \(token.utf8.count) bytes, \(keys) keys in the set, \(count) verifications each, one task"
    )
    print(String(format: "raw libsodium verify:  %9.0f /s  (%.2f µs each)", raw, 1e6 / raw))
    print(
      String(
        format: "KeySet.verify(token):  %9.0f /s  (%.2f µs each, %.0f%% of raw)", full, 1e6 / full,
        full / raw * 100))
  }

  private func measure(_ body: () -> Bool) -> Double {
    for _ in 0 ..< 1000 { precondition(body()) }
    let clock = ContinuousClock()
    let start = clock.now
    var ok = 0
    for _ in 0 ..< count where body() { ok += 1 }
    let elapsed = clock.now - start
    precondition(ok == count)
    return Double(count)
      / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
  }
}
