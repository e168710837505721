import APIKeyControl
import APIKeyRPC
import ArgumentParser
import SwiftProtobuf

/// `apikeyctl public-keys`: the JWKS the daemon publishes.
struct PublicKeysCommand: SessionCommand {
  static let configuration = CommandConfiguration(
    commandName: "public-keys",
    abstract: "Print the published key set as a JWKS (with --json: the full set message).")

  @OptionGroup var options: ControlOptions

  func run(_ session: ControlSession, output: Output) async throws {
    let set = try await session.publicKeys.listPublicKeys(
      .init())
    if output.json { try output.printJSON(set) } else { print(set.jwksJson) }
  }
}
