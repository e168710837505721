package import APIKeyCore

/// A key record with a freshly signed token for it.
package struct IssuedToken: Sendable {
  /// The record as committed, before the token was handed out.
  package var record: KeyRecord
  /// The signed API key.
  package var token: String
  /// The signing key that signed it.
  package var kid: String
  /// True when an earlier request with the same request id created the record.
  package var replayed: Bool = false
}
