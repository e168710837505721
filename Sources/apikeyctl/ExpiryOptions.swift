import APIKeyControl
import APIKeyRPC
import ArgumentParser
import SwiftProtobuf

/// A key's expiry, shared by `issue` and `keys update`: a date or a duration from now, never, or
/// (left out) the command's default.
struct ExpiryOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "Expiry: a date (2027-06-30, or 2027-06-30T12:00:00Z) or a time from now (30d, 12w, 1y).",
      valueName: "date|duration"))
  var expires: ExpiryArgument?

  @Flag(help: "The key never expires.")
  var noExpiry = false

  func validate() throws {
    if expires != nil && noExpiry {
      throw ValidationError("--expires and --no-expiry exclude each other")
    }
  }

  /// Sets the request's expiry as given; leaves it unset (the command's default) when neither
  /// option was. One place for both commands: the two fields are a oneof, and setting one clears
  /// the other (`noExpiry = false` after `expiresAt` dropped the date).
  func apply(to request: inout some ExpiryRequest) {
    if let expires { request.expiresAt = expires.timestamp }
    if noExpiry { request.noExpiry = true }
  }
}

/// A request that carries a key's expiry: a time, or no expiry at all.
protocol ExpiryRequest {
  var expiresAt: Google_Protobuf_Timestamp { get set }
  var noExpiry: Bool { get set }
}

extension Apikeyserv_V1_IssueKeyRequest: ExpiryRequest {}
extension Apikeyserv_V1_UpdateKeyRequest: ExpiryRequest {}
