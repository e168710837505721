import APIKeyControl
import APIKeyRPC
import ArgumentParser
import Foundation
import GRPCCore
import SwiftProtobuf

/// `apikeyctl import`: records from other systems.
struct ImportCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import", abstract: "Import records from the original apikeyserv.",
    subcommands: [Django.self])

  /// `import django FILE`.
  struct Django: SessionCommand {
    static let configuration = CommandConfiguration(
      abstract: "Import `python manage.py dumpdata apikeys` JSON: API keys and signing keys.",
      discussion: """
        Same ids, timestamps and signing keys (sealed on import; inactive keys imported \
        retired), in one transaction: a conflicting or malformed record stops the import, named, \
        and nothing is imported. A re-import of the same dump changes nothing. The original's \
        naive timestamps are read in Europe/Amsterdam unless --timezone says otherwise.
        """)

    @OptionGroup var options: ControlOptions

    @Argument(help: "The dump file, or - for standard input.")
    var file: String

    @Flag(help: "Only print what would change.")
    var dryRun = false

    @Option(help: "IANA time zone of the dump's timestamps (default: Europe/Amsterdam).")
    var timezone: String?

    static let chunkBytes = 1 << 20

    func run(_ session: ControlSession, output: Output) async throws {
      let data = try InputFile.read(file)
      let (format, zone, dry) = ("django", timezone ?? "", dryRun)
      let total = data.count
      let response = try await session.admin.importRecords(
        requestProducer: { writer in
          var offset = 0
          repeat {
            let end = min(offset + Self.chunkBytes, total)
            try await writer.write(
              .with {
                $0.chunk = data.subdata(in: offset ..< end)
                if offset == 0 {
                  $0.format = format
                  $0.timezone = zone
                  $0.dryRun = dry
                }
              })
            offset = end
            if total > Self.chunkBytes {
              output.note("sent \(offset >> 10) of \(total >> 10) KiB")
            }
          } while offset < total
        })
      if output.json { return try output.printJSON(response) }
      output.note(response.dryRun ? "Dry run, nothing changed. The import would:" : "Imported:")
      output.printRows([
        ("api keys in dump", "\(response.keysInDump)"),
        ("api keys created", "\(response.keysCreated)"),
        ("api keys unchanged", "\(response.keysUnchanged)"),
        ("signing keys in dump", "\(response.signingKeysInDump)"),
        (
          "signing keys created",
          response.signingKeysCreated.isEmpty
            ? "0" : response.signingKeysCreated.joined(separator: " ")
        ),
        ("signing keys unchanged", "\(response.signingKeysUnchanged)"),
        ("key set revision", "\(response.revision)"),
      ])
    }
  }
}
