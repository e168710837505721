import APIKeyControl
import ArgumentParser
import SwiftProtobuf

/// A key's expiry, shared by `issue` and `keys update`: a date, never, or (left out) the
/// command's default.
struct ExpiryOptions: ParsableArguments {
  @Option(help: ArgumentHelp("Expiry: 2027-06-30 or 2027-06-30T12:00:00Z.", valueName: "date"))
  var expires: DateArgument?

  @Flag(help: "The key never expires.")
  var noExpiry = false

  func validate() throws {
    if expires != nil && noExpiry {
      throw ValidationError("--expires and --no-expiry exclude each other")
    }
  }

  /// The expiry to send, when one was given.
  var timestamp: Google_Protobuf_Timestamp? {
    expires?.timestamp
  }
}
