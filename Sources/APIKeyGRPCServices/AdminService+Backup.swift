import APIKeyCore
import APIKeyCrypto
import APIKeyRPC
import APIKeyService
import APIKeyStore
import Foundation
import GRPCCore
import SwiftProtobuf

/// `Admin.Backup`: a consistent copy of the database, streamed as manifest, data, checksum.
extension AdminService {
  /// Largest piece of a backup per message.
  static let backupChunkBytes = 1 << 20

  func backup(
    request: Apikeyserv_V1_BackupRequest, response: RPCWriter<Apikeyserv_V1_BackupChunk>,
    context: ServerContext
  ) async throws {
    let backup = try await keys.backup(caller: context.caller)
    try await response.write(.with { $0.manifest = .init(backup.manifest) })
    var offset = 0
    while offset < backup.file.count {
      let end = min(offset + Self.backupChunkBytes, backup.file.count)
      try await response.write(.with { $0.data = Data(backup.file[offset ..< end]) })
      offset = end
    }
    try await response.write(.with { $0.sha256 = Hex.encode(SHA256.hash(backup.file)) })
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
