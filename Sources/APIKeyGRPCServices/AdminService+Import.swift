import APIKeyCore
import APIKeyRPC
import APIKeyService
import APIKeyStore
import GRPCCore
import SwiftProtobuf

/// `Admin.ImportRecords`: the original's dump, streamed in chunks, imported in one transaction.
extension AdminService {
  func importRecords(
    request: RPCAsyncSequence<Apikeyserv_V1_ImportRecordsRequest, any Error>, context: ServerContext
  ) async throws -> Apikeyserv_V1_ImportRecordsResponse {
    var dump: [UInt8] = []
    var first: Apikeyserv_V1_ImportRecordsRequest?
    for try await message in request {
      if first == nil { first = message }
      guard dump.count + message.chunk.count <= KeyService.maximumDumpBytes else {
        throw APIKeyError.resourceExhausted(
          "the dump is larger than \(KeyService.maximumDumpBytes >> 20) MiB")
      }
      dump += message.chunk
    }
    guard let options = first else {
      throw APIKeyError.invalidArgument(field: "chunk", reason: "no dump was sent")
    }
    guard options.format == "django" else {
      throw APIKeyError.invalidArgument(
        field: "format", reason: "must be \"django\" (the only format so far)")
    }
    let imported = try await keys.importDjango(
      dump: dump, timeZone: options.timezone, dryRun: options.dryRun, caller: context.caller)
    let (parsed, outcome) = (imported.inDump, imported.outcome)
    return .with {
      $0.dryRun = options.dryRun
      $0.keysInDump = UInt64(parsed.keys)
      $0.keysCreated = UInt64(outcome.keysCreated)
      $0.keysUnchanged = UInt64(outcome.keysUnchanged)
      $0.signingKeysInDump = UInt64(parsed.signingKeys)
      $0.signingKeysCreated = outcome.signingKeysCreated
      $0.signingKeysUnchanged = UInt64(outcome.signingKeysUnchanged)
      $0.revision = outcome.revision
    }
  }
}
