public import Foundation
public import NIOCore

/// One key set as the bridge serves it: the JWKS and revocation list bytes ready to write, and
/// their validators (both documents change together, with the revision).
public struct ServedKeySet: Sendable {
  /// The daemon's revision of the set.
  public let revision: UInt64
  /// The RFC 7517 JWK Set document, as received from the daemon.
  public let jwks: ByteBuffer
  /// The revocation list document (`/revoked`), as received from the daemon.
  public let revoked: ByteBuffer
  /// Strong entity tag derived from the revision (`"<revision>"`).
  public let etag: String
  /// When the bridge received it.
  public let receivedAt: Date

  /// A served set of `jwksJSON` and `revokedJSON` at `revision`.
  public init(revision: UInt64, jwksJSON: String, revokedJSON: String, receivedAt: Date) {
    self.revision = revision
    self.jwks = ByteBuffer(string: jwksJSON)
    self.revoked = ByteBuffer(string: revokedJSON)
    self.etag = "\"\(revision)\""
    self.receivedAt = receivedAt
  }
}
