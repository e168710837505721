public import Foundation
public import NIOCore

/// One key set as the bridge serves it: the JWKS bytes ready to write, and its validators.
public struct ServedKeySet: Sendable {
  /// The daemon's revision of the set.
  public let revision: UInt64
  /// The RFC 7517 JWK Set document, as received from the daemon.
  public let jwks: ByteBuffer
  /// Strong entity tag derived from the revision (`"<revision>"`).
  public let etag: String
  /// When the bridge received it.
  public let receivedAt: Date

  /// A served set of `jwksJSON` at `revision`.
  public init(revision: UInt64, jwksJSON: String, receivedAt: Date) {
    self.revision = revision
    self.jwks = ByteBuffer(string: jwksJSON)
    self.etag = "\"\(revision)\""
    self.receivedAt = receivedAt
  }
}
