import APIKeyCore
import APIKeyCrypto
import ArgumentParser
import Foundation

/// `apikeyserv-bench sign`: what IssueKey spends on the token, one core: `TokenSigner.sign`, and
/// base64url encoding of a signature with `Base64URL.encode` beside the Foundation encoding it
/// replaced (`base64EncodedString` and two `replacingOccurrences`, 7% of the daemon's CPU per
/// IssueKey before), in the same run.
struct SignBench: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sign",
    abstract: "TokenSigner.sign, and base64url encoding before and after, one core.")

  @Option(help: "Operations per measurement.")
  var count: Int = 100_000

  @Option(help: "Rounds: the measurements alternate, and each figure is its best round.")
  var rounds: Int = 3

  @Flag(help: "Print the figures as a JSON array (for scripts/bench.py).")
  var json = false

  func run() throws {
    let signer = TokenSigner(key: Ed25519PrivateKey())
    let claims = TokenClaims(
      keyID: 8_470_085_294_294_189_613, issuedAt: Date(), expiresAt: Date() + 3600)
    let signature = Array(signer.sign(claims).utf8.suffix(64))
    precondition(Base64URL.encode(signature) == Self.foundationBase64URL(signature))
    let cases: [(String, () -> Int)] = [
      ("TokenSigner.sign", { signer.sign(claims).utf8.count }),
      ("base64url of 64 bytes, Base64URL.encode", { Base64URL.encode(signature).utf8.count }),
      (
        "base64url of 64 bytes, Foundation (before)",
        { Self.foundationBase64URL(signature).utf8.count }
      ),
    ]
    var best = Array(repeating: 0.0, count: cases.count)
    for _ in 0 ..< max(rounds, 1) {
      for (index, entry) in cases.enumerated() {
        best[index] = max(best[index], OneCore.rate(count: count, entry.1))
      }
    }
    try OneCore.report(zip(cases.map(\.0), best).map { ($0, $1) }, count: count, json: json)
  }

  /// The encoding `Base64URL.encode` used until this benchmark's commit.
  static func foundationBase64URL(_ bytes: [UInt8]) -> String {
    var text = Data(bytes).base64EncodedString()
    text = text.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
    while text.hasSuffix("=") { text.removeLast() }
    return text
  }
}
