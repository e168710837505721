import APIKeyCore
import APIKeyCrypto
public import APIKeyRPC
import GRPCCore

extension ControlSession {
  /// Streams the daemon's backup to `write`, chunk by chunk, and returns its manifest; throws
  /// a `ControlFailure` unless it arrived whole (the SHA-256 the daemon sends last matches what
  /// was written). The file is never held whole.
  public func backup(
    into write: @escaping @Sendable ([UInt8]) async throws -> Void
  ) async throws -> Apikeyserv_V1_BackupManifest {
    try await admin.backup(.init()) { response in
      var manifest: Apikeyserv_V1_BackupManifest?
      var hash = SHA256.Stream()
      var expected = ""
      for try await chunk in response.messages {
        if chunk.hasManifest { manifest = chunk.manifest }
        if !chunk.data.isEmpty {
          let bytes = Array(chunk.data)
          hash.update(bytes)
          try await write(bytes)
        }
        if !chunk.sha256.isEmpty { expected = chunk.sha256 }
      }
      guard let manifest, !expected.isEmpty, Hex.encode(hash.finish()) == expected else {
        throw ControlFailure("the backup arrived incomplete or damaged")
      }
      return manifest
    }
  }
}
