import APIKeyCore
import APIKeyRPC
import GRPCCore
import SwiftProtobuf

/// `Admin` signing-key RPCs.
extension AdminService {
  func addSigningKey(
    request: ServerRequest<Apikeyserv_V1_AddSigningKeyRequest>, context: ServerContext
  ) async throws -> ServerResponse<Apikeyserv_V1_AddSigningKeyResponse> {
    try await answer("AddSigningKey", request) { message, caller in
      let notBefore =
        message.hasNotBefore ? try message.notBefore.validatedDate(field: "not_before") : nil
      let (key, revision) = try await keys.addSigningKey(
        pem: message.privateKeyPem, notBefore: notBefore, caller: caller)
      return .with {
        $0.key = signingKeyMessage(key)
        $0.revision = revision
      }
    }
  }

  func generateSigningKey(
    request: ServerRequest<Apikeyserv_V1_GenerateSigningKeyRequest>, context: ServerContext
  ) async throws -> ServerResponse<Apikeyserv_V1_GenerateSigningKeyResponse> {
    try await answer("GenerateSigningKey", request) { message, caller in
      let notBefore =
        message.hasNotBefore ? try message.notBefore.validatedDate(field: "not_before") : nil
      let (key, revision) = try await keys.generateSigningKey(notBefore: notBefore, caller: caller)
      return .with {
        $0.key = signingKeyMessage(key)
        $0.revision = revision
      }
    }
  }

  func rotateSigningKey(
    request: ServerRequest<Apikeyserv_V1_RotateSigningKeyRequest>, context: ServerContext
  ) async throws -> ServerResponse<Apikeyserv_V1_RotateSigningKeyResponse> {
    try await answer("RotateSigningKey", request) { message, caller in
      let ahead =
        message.hasPublishAhead ? try message.publishAhead.validatedSeconds(field: "publish_ahead") : nil
      let rotated = try await keys.rotateSigningKey(publishAhead: ahead, caller: caller)
      return .with {
        $0.key = signingKeyMessage(rotated.key)
        $0.revision = rotated.revision
        $0.previousKid = rotated.previousKid
      }
    }
  }

  func retireKey(
    request: ServerRequest<Apikeyserv_V1_RetireKeyRequest>, context: ServerContext
  ) async throws -> ServerResponse<Apikeyserv_V1_RetireKeyResponse> {
    try await answer("RetireKey", request) { message, caller in
      let grace = message.hasGrace ? try message.grace.validatedSeconds(field: "grace") : 0
      let retired = try await keys.retireSigningKey(
        kid: message.kid, grace: grace, dryRun: message.dryRun, caller: caller)
      return .with {
        $0.key = signingKeyMessage(retired.key)
        $0.revision = retired.revision
        $0.impact = .init(retired.impact)
        $0.dryRun = message.dryRun
      }
    }
  }

  func listSigningKeys(
    request: ServerRequest<Apikeyserv_V1_ListSigningKeysRequest>, context: ServerContext
  ) async throws -> ServerResponse<Apikeyserv_V1_ListSigningKeysResponse> {
    try await answer("ListSigningKeys", request) { _, _ in
      let all = try await keys.signingKeys()
      return .with { $0.keys = all.map(signingKeyMessage) }
    }
  }

  private func signingKeyMessage(_ key: SigningKeyInfo) -> Apikeyserv_V1_SigningKey {
    .init(key, state: keys.state(of: key))
  }
}
