import APIKeyControl
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
  struct Add: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Add an Ed25519 key from a PKCS#8 PEM file, or - for stdin.",
      discussion: "openssl genpkey -algorithm ED25519 | apikeyctl signing-key add -")

    @OptionGroup var options: ControlOptions

    @Argument(help: "PEM file, or - to read standard input.")
    var file: String

    @Option(help: "Publish now, start signing at this time (2027-06-30T12:00:00Z). Default: now.")
    var notBefore: String?

    func run() async throws {
      let output = Output(json: options.json)
      try await ControlSession.run(options) { session in
        let pem = try Self.read(file)
        var request = Apikeyserv_V1_AddSigningKeyRequest()
        request.privateKeyPem = pem
        if let notBefore {
          request.notBefore = .init(date: try DateArgument.parse(notBefore, flag: "--not-before"))
        }
        let response = try await session.admin.addSigningKey(
          request, metadata: session.metadata, options: session.options)
        try SigningKeyCommand.report(
          response.key, note: "Added signing key (key set revision \(response.revision))", output)
      }
    }

    private static func read(_ file: String) throws -> String {
      let data =
        file == "-"
        ? FileHandle.standardInput.readDataToEndOfFile() : FileManager.default.contents(atPath: file)
      guard let data else { throw ControlFailure("cannot read \(file)") }
      guard data.count <= 64 * 1024, let text = String(data: data, encoding: .utf8) else {
        throw ControlFailure("\(file) is not a PEM text file")
      }
      return text
    }
  }

  /// `signing-key generate`.
  struct Generate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Generate a new signing key inside the daemon.")

    @OptionGroup var options: ControlOptions

    @Option(help: "Publish now, start signing at this time. Default: now.")
    var notBefore: String?

    func run() async throws {
      let output = Output(json: options.json)
      try await ControlSession.run(options) { session in
        var request = Apikeyserv_V1_GenerateSigningKeyRequest()
        if let notBefore {
          request.notBefore = .init(date: try DateArgument.parse(notBefore, flag: "--not-before"))
        }
        let response = try await session.admin.generateSigningKey(
          request, metadata: session.metadata, options: session.options)
        try SigningKeyCommand.report(
          response.key, note: "Generated signing key (key set revision \(response.revision))", output)
      }
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
      ("kid", key.kid), ("state", state(key)), ("not_before", Output.time(key.notBefore)),
    ])
  }
}

extension SigningKeyCommand {
  /// The state as the CLI names it: pending, current, active, retiring, retired.
  static func state(_ key: Apikeyserv_V1_SigningKey) -> String {
    switch key.state {
    case .pending: return "pending"
    case .current: return "current"
    case .active: return "active"
    case .retiring: return "retiring"
    case .retired: return "retired"
    case .unspecified, .UNRECOGNIZED: return "unknown"
    }
  }
}
