import APIKeyCore

/// A key record with a freshly signed token for it.
struct IssuedToken: Sendable {
  /// The record as committed, before the token was handed out.
  var record: KeyRecord
  /// The signed API key.
  var token: String
  /// The signing key that signed it.
  var kid: String
  /// True when an earlier request with the same request id created the record.
  var replayed: Bool = false
}
