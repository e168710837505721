/// A write found that the signing key it was to record tokens of no longer signs: it was retired
/// (here or by another daemon on the same database) after the service chose it. Nothing of that
/// write was stored; the service reloads its key ring and asks again with the key that signs now
/// (`KeyService.withCurrentSigner`).
struct SignerStopped: Error, Sendable, Equatable, CustomStringConvertible {
  /// The signing key that stopped signing.
  let kid: String

  var description: String {
    "signing key \(kid) stopped signing while the write waited; nothing was stored"
  }
}
