public import APIKeyRPC
public import Foundation
import SwiftProtobuf

/// The state of a signing key as admins see it.
public enum SigningKeyState: String, Sendable {
  /// Signs new tokens now.
  case signing
  /// Published, waiting for its `not_before` to start signing.
  case pending
  /// Published (verifies tokens) but another key signs.
  case active
  /// No longer published.
  case retired

  /// The state of `key` at `now`.
  public init(_ key: Apikeyserv_V1_SigningKey, now: Date = Date()) {
    if key.hasRetiredAt {
      self = .retired
    } else if key.signing {
      self = .signing
    } else if key.notBefore.date > now {
      self = .pending
    } else {
      self = .active
    }
  }
}
