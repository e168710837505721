import APIKeyControl
import APIKeyRPC
import ArgumentParser
import Foundation
import SwiftProtobuf

/// `apikeyctl signing-key`: the keys that sign API keys.
struct SigningKeyCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "signing-key", abstract: "Add, generate, list and retire signing keys.",
    subcommands: [Add.self, Generate.self, List.self, Retire.self])

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
        try SigningKeyCommand.report(response.key, revision: response.revision, verb: "Added", output)
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
        try SigningKeyCommand.report(response.key, revision: response.revision, verb: "Generated", output)
      }
    }
  }

  /// `signing-key list`.
  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List signing keys with their state: signing, pending, active or retired.")

    @OptionGroup var options: ControlOptions

    func run() async throws {
      let output = Output(json: options.json)
      try await ControlSession.run(options) { session in
        let response = try await session.admin.listSigningKeys(
          .init(), metadata: session.metadata, options: session.options)
        if output.json { return try output.printJSON(response) }
        output.printTable(
          header: ["KID", "STATE", "CREATED", "NOT_BEFORE", "RETIRED"],
          rows: response.keys.map {
            [
              $0.kid, SigningKeyState($0).rawValue, Output.time($0.createdAt),
              Output.time($0.notBefore), $0.hasRetiredAt ? Output.time($0.retiredAt) : "-",
            ]
          })
      }
    }
  }

  /// `signing-key retire KID`.
  struct Retire: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Retire a signing key: it leaves the published set at once.",
      discussion: "Every API key signed only by this key stops verifying.")

    @OptionGroup var options: ControlOptions

    @Argument(help: "The key's kid (see signing-key list).")
    var kid: String

    func run() async throws {
      let output = Output(json: options.json)
      try await ControlSession.run(options) { session in
        let response = try await session.admin.retireKey(
          .with { $0.kid = kid }, metadata: session.metadata, options: session.options)
        try SigningKeyCommand.report(response.key, revision: response.revision, verb: "Retired", output)
      }
    }
  }

  static func report(
    _ key: Apikeyserv_V1_SigningKey, revision: UInt64, verb: String, _ output: Output
  ) throws {
    if output.json {
      try output.printJSON(key)
      return
    }
    output.note("\(verb) signing key (key set revision \(revision))")
    output.printRows([
      ("kid", key.kid), ("state", SigningKeyState(key).rawValue),
      ("not_before", Output.time(key.notBefore)),
    ])
  }
}
