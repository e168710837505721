import APIKeyCore
import APIKeyCrypto
import APIKeyRPC
import APIKeyStore
import Foundation
import GRPCCore
import SwiftProtobuf

/// `Admin` RPCs for moving data in and out: import from the original, backup.
extension AdminService {
  /// Largest piece of a backup per message.
  static let backupChunkBytes = 1 << 20

  func importRecords(
    request: StreamingServerRequest<Apikeyserv_V1_ImportRecordsRequest>, context: ServerContext
  ) async throws -> ServerResponse<Apikeyserv_V1_ImportRecordsResponse> {
    let caller = Self.caller(request.metadata)
    let response = try await boundary.run("ImportRecords") { () async throws -> Apikeyserv_V1_ImportRecordsResponse in
      var dump: [UInt8] = []
      var first: Apikeyserv_V1_ImportRecordsRequest?
      for try await message in request.messages {
        if first == nil { first = message }
        guard dump.count + message.chunk.count <= KeyService.maximumDumpBytes else {
          throw APIKeyError.resourceExhausted("the dump is larger than \(KeyService.maximumDumpBytes >> 20) MiB")
        }
        dump += message.chunk
      }
      guard let options = first else {
        throw APIKeyError.invalidArgument(field: "chunk", reason: "no dump was sent")
      }
      guard options.format == "django" else {
        throw APIKeyError.invalidArgument(field: "format", reason: "must be \"django\" (the only format so far)")
      }
      let outcome = try await keys.importDjango(
        dump: dump, timeZone: options.timezone, dryRun: options.dryRun, caller: caller)
      let parsed = outcome.inDump
      return .with {
        $0.dryRun = options.dryRun
        $0.keysInDump = UInt64(parsed.keys)
        $0.keysCreated = UInt64(outcome.outcome.keysCreated)
        $0.keysUnchanged = UInt64(outcome.outcome.keysUnchanged)
        $0.signingKeysInDump = UInt64(parsed.signingKeys)
        $0.signingKeysCreated = outcome.outcome.signingKeysCreated
        $0.signingKeysUnchanged = UInt64(outcome.outcome.signingKeysUnchanged)
        $0.revision = outcome.outcome.revision
      }
    }
    return ServerResponse(message: response)
  }

  func backup(
    request: ServerRequest<Apikeyserv_V1_BackupRequest>, context: ServerContext
  ) async throws -> StreamingServerResponse<Apikeyserv_V1_BackupChunk> {
    let backup = try await answer("Backup", request) { _, caller in
      try await keys.backup(caller: caller)
    }.message
    return StreamingServerResponse { writer in
      try await writer.write(.with { $0.manifest = .init(backup.manifest) })
      var offset = 0
      while offset < backup.file.count {
        let end = min(offset + Self.backupChunkBytes, backup.file.count)
        try await writer.write(.with { $0.data = Data(backup.file[offset..<end]) })
        offset = end
      }
      try await writer.write(.with { $0.sha256 = Hex.encode(SHA256.hash(backup.file)) })
      return [:]
    }
  }
}

extension Apikeyserv_V1_BackupManifest {
  init(_ manifest: BackupManifest) {
    self.init()
    schemaVersion = manifest.schemaVersion
    createdAt = .init(microsecondsOf: manifest.createdAt)
    apiKeys = UInt64(manifest.apiKeys)
    revokedKeys = UInt64(manifest.revokedKeys)
    signingKeys = UInt64(manifest.signingKeys)
    kids = manifest.kids
    auditEntries = UInt64(manifest.auditEntries)
    keySetRevision = manifest.keySetRevision
    contentSha256 = manifest.contentSHA256
    contentMac = manifest.contentMAC
  }
}
