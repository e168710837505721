import APIKeyControl
import APIKeyCore
import APIKeyRPC
import ArgumentParser
import Foundation
import Glibc
import SwiftProtobuf

/// `apikeyctl backup FILE`.
struct BackupCommand: SessionCommand {
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

  func run(_ session: ControlSession, output: Output) async throws {
    let handle = try PrivateFile.create(file, flag: "backup")
    let manifest: Apikeyserv_V1_BackupManifest
    do {
      manifest = try await receive(from: session, into: handle)
    } catch {
      unlink(file)
      throw error
    }
    if output.json { return try output.printJSON(manifest) }
    output.note("Backup written to \(file)")
    output.printRows([
      ("schema", manifest.schemaVersion), ("created", Output.time(manifest.createdAt)),
      ("api keys", "\(manifest.apiKeys) (\(manifest.revokedKeys) revoked)"),
      ("signing keys", manifest.kids.joined(separator: " ")),
      ("audit entries", "\(manifest.auditEntries)"),
      ("key set revision", "\(manifest.keySetRevision)"),
    ])
  }

  /// Writes the streamed backup to `handle` and syncs it; fails unless it arrived whole.
  private func receive(
    from session: ControlSession, into handle: FileHandle
  ) async throws
    -> Apikeyserv_V1_BackupManifest
  {
    let manifest: Apikeyserv_V1_BackupManifest
    do {
      manifest = try await session.backup { bytes in handle.write(Data(bytes)) }
    } catch let failure as ControlFailure {
      throw ControlFailure("\(failure.description); \(file) is not usable")
    }
    try handle.synchronize()
    try handle.close()
    return manifest
  }
}
