import APIKeyControl
import APIKeyCore
import APIKeyCrypto
import APIKeyRPC
import ArgumentParser
import Foundation
import GRPCCore
import Glibc
import SwiftProtobuf

/// `apikeyctl backup FILE`.
struct BackupCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "backup", abstract: "Write a consistent copy of the live database to a new file.",
    discussion: """
      The daemon keeps serving meanwhile (SQLite's online backup). The file (mode 0600) holds \
      API keys, owner records, sealed signing keys and the audit trail, with a manifest; not the \
      master key: keep that apart. Restore with `apikeyserv restore FILE --data-dir DIR`.
      """)

  @OptionGroup var options: ControlOptions

  @Argument(help: "The new backup file (must not exist).")
  var file: String

  func run() async throws {
    let output = Output(json: options.json)
    let handle = try PrivateFile.create(file, flag: "backup")
    let path = file
    do {
      try await ControlSession.run(options) { session in
        let manifest = try await session.admin.backup(
          .init()
        ) { response in
          var manifest: Apikeyserv_V1_BackupManifest?
          var hasher: [UInt8] = []
          var expected = ""
          for try await chunk in response.messages {
            if chunk.hasManifest { manifest = chunk.manifest }
            if !chunk.data.isEmpty {
              handle.write(chunk.data)
              hasher += chunk.data
            }
            if !chunk.sha256.isEmpty { expected = chunk.sha256 }
          }
          guard let manifest, !expected.isEmpty, Hex.encode(SHA256.hash(hasher)) == expected else {
            throw ControlFailure("the backup arrived incomplete or damaged; \(path) is not usable")
          }
          try handle.synchronize()
          try handle.close()
          return manifest
        }
        if output.json { return try output.printJSON(manifest) }
        output.note("Backup written to \(path)")
        output.printRows([
          ("schema", manifest.schemaVersion), ("created", Output.time(manifest.createdAt)),
          ("api keys", "\(manifest.apiKeys) (\(manifest.revokedKeys) revoked)"),
          ("signing keys", manifest.kids.joined(separator: " ")),
          ("audit entries", "\(manifest.auditEntries)"),
          ("key set revision", "\(manifest.keySetRevision)"),
        ])
      }
    } catch {
      unlink(path)
      throw error
    }
  }
}
