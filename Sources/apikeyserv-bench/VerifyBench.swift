import APIKeyClient
@_spi(Benchmark) import APIKeyCore
import APIKeyCrypto
import ArgumentParser
import Foundation

/// `apikeyserv-bench verify`: offline verifications per second on one core (one task), next to
/// the raw libsodium signature check on the same token, in the same run: `TokenVerifier` without
/// and with its fast paths (header cache, payload reader), and `KeySet.verify` (what a service
/// calls: the verifier plus the snapshot and the clock).
struct VerifyBench: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "verify",
    abstract: "KeySet.verify against raw crypto_sign_verify_detached, one core.")

  @Option(help: "Keys in the set (the token's kid selects one).")
  var keys: Int = 3

  @OptionGroup var options: OneCoreOptions

  func run() throws {
    let privateKeys = (0 ..< max(keys, 1)).map { _ in Ed25519PrivateKey() }
    let signer = privateKeys[0]
    let published = privateKeys.map {
      (JSONWebKey(publicKey: $0.publicKey).thumbprint, $0.publicKey)
    }
    let snapshot = KeySnapshot(keys: published.map { (kid: $0.0, key: $0.1) })
    let keySet = KeySet(keys: snapshot)
    let token = TokenSigner(key: signer).sign(
      TokenClaims(keyID: 8_470_085_294_294_189_613, issuedAt: Date(), expiresAt: Date() + 3600))
    let parts = token.split(separator: ".")
    let message = Array("\(parts[0]).\(parts[1])".utf8)
    // '!' is fine: the token was just made by TokenSigner, its signature is base64url.
    let signature = Base64URL.decode(parts[2])!
    let publicKey = signer.publicKey
    var before = TokenVerifier()
    before.usesFastPaths = false
    let after = TokenVerifier()
    let now = Date()

    let cases: [(String, () -> Bool)] = [
      ("raw libsodium verify", { publicKey.isValidSignature(signature, for: message) }),
      (
        "TokenVerifier, no fast paths",
        { (try? before.verify(token, keys: snapshot, now: now)) != nil }
      ),
      ("TokenVerifier", { (try? after.verify(token, keys: snapshot, now: now)) != nil }),
      ("KeySet.verify", { (try? keySet.verify(token)) != nil }),
    ]
    for (name, body) in cases { precondition(body(), "\(name) refused the token") }
    let best = OneCore.best(cases, options: options)
    if options.json {
      try OneCore.report(best, count: options.count, json: true)
      return
    }
    print(
      "token: \(token.utf8.count) bytes, \(keys) keys in the set, \(options.count) verifications each, one task, best of \(options.rounds)"
    )
    for (name, rate) in best {
      print(
        String(
          format: "%@ %9.0f /s  (%.2f µs each, %.1f%% of raw)",
          name.padding(toLength: 30, withPad: " ", startingAt: 0), rate, 1e6 / rate,
          rate / best[0].1 * 100))
    }
  }
}
