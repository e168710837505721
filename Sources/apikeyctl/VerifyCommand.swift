import APIKeyControl
import APIKeyRPC
import ArgumentParser
import Foundation
import SwiftProtobuf

/// `apikeyctl verify TOKEN|-`: exit 0 when valid, 1 with the reason when not. `-` reads the token
/// from standard input, so it does not show in `ps` or the shell history.
struct VerifyCommand: SessionCommand {
  static let configuration = CommandConfiguration(
    commandName: "verify",
    abstract: "Check an API key against the published keys (exit 0 valid, 1 invalid).")

  @OptionGroup var options: ControlOptions

  @Argument(help: "The token, or - to read it from standard input (keeps it out of ps).")
  var token: String

  func run(_ session: ControlSession, output: Output) async throws {
    let token = try self.token == "-" ? Self.readStandardInput() : self.token
    let result = try await session.publicKeys.verifyKey(.with { $0.token = token })
    if output.json {
      try output.printJSON(result)
    } else if result.valid {
      output.printRows([
        ("valid", "yes"), ("subject", result.subject), ("kid", result.kid),
        ("expires", result.hasExpiresAt ? Output.time(result.expiresAt) : "never"),
      ])
    }
    if !result.valid { throw ControlFailure("invalid: \(result.message)") }
  }

  /// The token on standard input: its first line, without surrounding white space.
  static func readStandardInput() throws -> String {
    let text = String(decoding: try InputFile.read("-", limit: 65536), as: UTF8.self)
    let token = text.split(whereSeparator: \.isNewline).first.map {
      $0.trimmingCharacters(in: .whitespaces)
    }
    guard let token, !token.isEmpty else { throw ControlFailure("no token on standard input") }
    return token
  }
}
