import APIKeyControl
import APIKeyCore
import APIKeyRPC
import ArgumentParser
import Foundation
import SwiftProtobuf

/// `apikeyctl signing-key`: the keys that sign API keys.
struct SigningKeyCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "signing-key",
    abstract: "Add, generate, rotate, list and retire signing keys.",
    subcommands: [Add.self, Generate.self, Rotate.self, List.self, Retire.self])

  /// `signing-key add FILE|-`.
  struct Add: SessionCommand {
    static let configuration = CommandConfiguration(
      abstract: "Add an Ed25519 key from a PKCS#8 PEM file, or - for stdin.",
      discussion: "openssl genpkey -algorithm ED25519 | apikeyctl signing-key add -")

    @OptionGroup var options: ControlOptions

    @Argument(help: "PEM file, or - to read standard input.")
    var file: String

    @Option(
      help: ArgumentHelp(
        "Publish now, start signing at this time (2027-06-30T12:00:00Z). Default: now.",
        valueName: "date"))
    var notBefore: DateArgument?

    func run(_ session: ControlSession, output: Output) async throws {
      let data = try InputFile.read(file, limit: 64 * 1024)
      guard let pem = String(data: data, encoding: .utf8) else {
        throw ControlFailure("\(file) is not a PEM text file")
      }
      var request = Apikeyserv_V1_AddSigningKeyRequest()
      request.privateKeyPem = pem
      if let notBefore { request.notBefore = notBefore.timestamp }
      let response = try await session.admin.addSigningKey(request)
      try SigningKeyCommand.report(
        response.key, note: "Added signing key (key set revision \(response.revision))", output)
    }
  }

  /// `signing-key generate`.
  struct Generate: SessionCommand {
    static let configuration = CommandConfiguration(
      abstract: "Generate a new signing key inside the daemon.")

    @OptionGroup var options: ControlOptions

    @Option(
      help: ArgumentHelp(
        "Publish now, start signing at this time. Default: now.", valueName: "date"))
    var notBefore: DateArgument?

    func run(_ session: ControlSession, output: Output) async throws {
      var request = Apikeyserv_V1_GenerateSigningKeyRequest()
      if let notBefore { request.notBefore = notBefore.timestamp }
      let response = try await session.admin.generateSigningKey(request)
      try SigningKeyCommand.report(
        response.key, note: "Generated signing key (key set revision \(response.revision))",
        output)
    }
  }

  /// Prints a signing key the daemon answered with.
  static func report(_ key: Apikeyserv_V1_SigningKey, note: String, _ output: Output) throws {
    if output.json {
      try output.printJSON(key)
      return
    }
    output.note(note)
    output.printRows([
      ("kid", key.kid), ("state", SigningKeyState.name(of: key.state)),
      ("not_before", Output.time(key.notBefore)),
    ])
  }
}
