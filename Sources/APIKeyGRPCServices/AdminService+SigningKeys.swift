import APIKeyCore
import APIKeyRPC
import APIKeyService
import APIKeyStore
import GRPCCore
import SwiftProtobuf

/// `Admin` signing-key RPCs.
extension AdminService {
  func addSigningKey(
    request: Apikeyserv_V1_AddSigningKeyRequest, context: ServerContext
  ) async throws -> Apikeyserv_V1_AddSigningKeyResponse {
    let notBefore =
      request.hasNotBefore ? try request.notBefore.validatedDate(field: "not_before") : nil
    return answer(
      try await keys.addSigningKey(
        pem: request.privateKeyPem, notBefore: notBefore, caller: context.caller))
  }

  func generateSigningKey(
    request: Apikeyserv_V1_GenerateSigningKeyRequest, context: ServerContext
  ) async throws -> Apikeyserv_V1_GenerateSigningKeyResponse {
    let notBefore =
      request.hasNotBefore ? try request.notBefore.validatedDate(field: "not_before") : nil
    return answer(try await keys.generateSigningKey(notBefore: notBefore, caller: context.caller))
  }

  func rotateSigningKey(
    request: Apikeyserv_V1_RotateSigningKeyRequest, context: ServerContext
  ) async throws -> Apikeyserv_V1_RotateSigningKeyResponse {
    let ahead =
      request.hasPublishAhead
      ? try request.publishAhead.validatedSeconds(field: "publish_ahead") : nil
    let rotated = try await keys.rotateSigningKey(publishAhead: ahead, caller: context.caller)
    return .with {
      $0.key = signingKeyMessage(rotated.key)
      $0.revision = rotated.revision
      $0.previousKid = rotated.previousKid
    }
  }

  func retireKey(
    request: Apikeyserv_V1_RetireKeyRequest, context: ServerContext
  ) async throws -> Apikeyserv_V1_RetireKeyResponse {
    let grace = request.hasGrace ? try request.grace.validatedSeconds(field: "grace") : 0
    let retired = try await keys.retireSigningKey(
      kid: request.kid, grace: grace, dryRun: request.dryRun, caller: context.caller)
    return .with {
      $0.key = signingKeyMessage(retired.key)
      $0.revision = retired.revision
      $0.impact = .init(retired.impact)
      $0.dryRun = request.dryRun
    }
  }

  func listSigningKeys(
    request: Apikeyserv_V1_ListSigningKeysRequest, context: ServerContext
  ) async throws -> Apikeyserv_V1_ListSigningKeysResponse {
    let all = try await keys.signingKeys()
    return .with { $0.keys = all.map(signingKeyMessage) }
  }

  /// The answer to a change that published `key` at `revision`.
  private func answer<Response: SigningKeyChange>(_ change: (SigningKeyInfo, UInt64)) -> Response {
    var response = Response()
    response.key = signingKeyMessage(change.0)
    response.revision = change.1
    return response
  }

  private func signingKeyMessage(_ key: SigningKeyInfo) -> Apikeyserv_V1_SigningKey {
    .init(key, state: keys.state(of: key))
  }
}

/// The answers of Admin RPCs that publish a signing key: the key and the new revision.
protocol SigningKeyChange {
  init()
  var key: Apikeyserv_V1_SigningKey { get set }
  var revision: UInt64 { get set }
}

extension Apikeyserv_V1_AddSigningKeyResponse: SigningKeyChange {}
extension Apikeyserv_V1_GenerateSigningKeyResponse: SigningKeyChange {}
