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

  @OptionGroup var options: OneCoreOptions

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
    try OneCore.report(
      OneCore.best(cases, options: options), count: options.count, json: options.json)
  }

  /// The encoding `Base64URL.encode` used until this benchmark's commit.
  static func foundationBase64URL(_ bytes: [UInt8]) -> String {
    var text = Data(bytes).base64EncodedString()
    text = text.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
    while text.hasSuffix("=") { text.removeLast() }
    return text
  }
}
