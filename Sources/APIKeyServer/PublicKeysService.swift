import APIKeyCore
import APIKeyRPC
import GRPCCore
import SwiftProtobuf

/// `apikeyserv.v1.PublicKeys`: the published key set and offline-style verification, answered
/// from the in-memory snapshot (no database access).
struct PublicKeysService: Apikeyserv_V1_PublicKeys.SimpleServiceProtocol {
  let keys: KeyService

  func listPublicKeys(
    request: Apikeyserv_V1_ListPublicKeysRequest, context: ServerContext
  ) async throws -> Apikeyserv_V1_PublicKeySet {
    Apikeyserv_V1_PublicKeySet(keys.ring.snapshot, now: keys.clock())
  }

  func watchPublicKeys(
    request: Apikeyserv_V1_WatchPublicKeysRequest,
    response: RPCWriter<Apikeyserv_V1_PublicKeySet>,
    context: ServerContext
  ) async throws {
    for await snapshot in keys.ring.watch() {
      try await response.write(Apikeyserv_V1_PublicKeySet(snapshot, now: keys.clock()))
    }
  }

  func verifyKey(
    request: Apikeyserv_V1_VerifyKeyRequest, context: ServerContext
  ) async throws -> Apikeyserv_V1_VerifyKeyResponse {
    guard request.token.utf8.count <= TokenVerifier.maximumTokenLength else {
      throw APIKeyError.invalidArgument(
        field: "token",
        reason: "is longer than \(TokenVerifier.maximumTokenLength) bytes; no API key is")
    }
    return Apikeyserv_V1_VerifyKeyResponse(keys.verify(request.token))
  }
}
