import APIKeyControl
import APIKeyRPC
import ArgumentParser
import SwiftProtobuf

/// `apikeyctl keys`: API key records.
struct KeysCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "keys", abstract: "List, show and re-sign API keys.",
    subcommands: [List.self, Show.self, Resign.self])

  /// `keys list`: records, newest first.
  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List API keys, newest first.")

    @OptionGroup var options: ControlOptions

    @Option(help: "Records per page (1-1000).")
    var pageSize: Int = 100

    @Option(help: "Continue from this page token (printed after a page).")
    var pageToken: String = ""

    @Flag(help: "Fetch every page.")
    var all = false

    func validate() throws {
      guard (1...1000).contains(pageSize) else { throw ValidationError("--page-size must be 1 to 1000") }
    }

    func run() async throws {
      let output = Output(json: options.json)
      try await ControlSession.run(options) { session in
        var token = pageToken
        repeat {
          let page = try await session.admin.listKeys(
            .with {
              $0.pageSize = UInt32(pageSize)
              $0.pageToken = token
            }, metadata: session.metadata, options: session.options)
          if output.json {
            try output.printJSON(page)
          } else {
            output.printTable(
              header: ["ID", "ORGANISATION", "EMAIL", "CREATED", "EXPIRES", "SENT"],
              rows: page.keys.map {
                [
                  "\($0.id)", $0.organisation, $0.email, Output.time($0.createdAt),
                  $0.hasExpiresAt ? Output.time($0.expiresAt) : "never", $0.sent ? "yes" : "no",
                ]
              })
            if !page.nextPageToken.isEmpty && !all {
              output.note("more: --page-token \(page.nextPageToken)")
            }
          }
          token = page.nextPageToken
        } while all && !token.isEmpty
      }
    }
  }

  /// `keys show ID`: one record.
  struct Show: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show one API key's record.")

    @OptionGroup var options: ControlOptions

    @Argument(help: "The key id (the token's sub).")
    var id: UInt64

    func run() async throws {
      let output = Output(json: options.json)
      try await ControlSession.run(options) { session in
        let response = try await session.admin.getKey(
          .with { $0.id = id }, metadata: session.metadata, options: session.options)
        if output.json { try output.printJSON(response) } else { output.printText(response.key) }
      }
    }
  }

  /// `keys resign ID`: a new token for an existing key.
  struct Resign: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Print a fresh token for a key, signed by the current signing key.")

    @OptionGroup var options: ControlOptions

    @Argument(help: "The key id.")
    var id: UInt64

    func run() async throws {
      let output = Output(json: options.json)
      try await ControlSession.run(options) { session in
        let response = try await session.admin.resignKey(
          .with { $0.id = id }, metadata: session.metadata, options: session.options)
        if output.json {
          try output.printJSON(response)
        } else {
          output.note("Re-signed key \(response.key.id) with \(response.kid)")
          print(response.token)
        }
      }
    }
  }
}
