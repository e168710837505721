import APIKeyCore
import APIKeyRPC
import Foundation
import Logging
import GRPCCore
import SwiftProtobuf

/// `apikeyserv.v1.Admin`, on the admin socket only: adapts requests to `KeyService`.
struct AdminService: Apikeyserv_V1_Admin.ServiceProtocol {
  /// Metadata key in which apikeyctl reports the OS user it runs as (for the audit trail).
  static let reportedUserKey = "x-apikeyctl-user"

  let keys: KeyService
  let boundary: RPCBoundary

  init(keys: KeyService) {
    self.keys = keys
    self.boundary = RPCBoundary(logger: keys.logger)
  }

  func issueKey(
    request: ServerRequest<Apikeyserv_V1_IssueKeyRequest>, context: ServerContext
  ) async throws -> ServerResponse<Apikeyserv_V1_IssueKeyResponse> {
    try await answer("IssueKey", request) { message, caller in
      let issued = try await keys.issue(try IssueRequest(message), caller: caller)
      return .with {
        $0.key = .init(issued.record)
        $0.token = issued.token
        $0.kid = issued.kid
        $0.replayed = issued.replayed
      }
    }
  }

  func retireKey(
    request: ServerRequest<Apikeyserv_V1_RetireKeyRequest>, context: ServerContext
  ) async throws -> ServerResponse<Apikeyserv_V1_RetireKeyResponse> {
    try await answer("RetireKey", request) { message, caller in
      let (key, revision) = try await keys.retireSigningKey(kid: message.kid, caller: caller)
      return .with {
        $0.key = .init(key, signing: false)
        $0.revision = revision
      }
    }
  }

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

  func listSigningKeys(
    request: ServerRequest<Apikeyserv_V1_ListSigningKeysRequest>, context: ServerContext
  ) async throws -> ServerResponse<Apikeyserv_V1_ListSigningKeysResponse> {
    try await answer("ListSigningKeys", request) { _, _ in
      let all = try await keys.signingKeys()
      return .with { $0.keys = all.map(signingKeyMessage) }
    }
  }

  func getKey(
    request: ServerRequest<Apikeyserv_V1_GetKeyRequest>, context: ServerContext
  ) async throws -> ServerResponse<Apikeyserv_V1_GetKeyResponse> {
    try await answer("GetKey", request) { message, _ in
      let record = try await keys.key(id: try Self.keyID(message.id))
      return .with { $0.key = .init(record) }
    }
  }

  func listKeys(
    request: ServerRequest<Apikeyserv_V1_ListKeysRequest>, context: ServerContext
  ) async throws -> ServerResponse<Apikeyserv_V1_ListKeysResponse> {
    try await answer("ListKeys", request) { message, _ in
      let page = try await keys.keys(pageSize: Int(message.pageSize), pageToken: message.pageToken)
      return .with {
        $0.keys = page.keys.map(Apikeyserv_V1_KeyRecord.init)
        $0.nextPageToken = page.next ?? ""
      }
    }
  }

  func resignKey(
    request: ServerRequest<Apikeyserv_V1_ResignKeyRequest>, context: ServerContext
  ) async throws -> ServerResponse<Apikeyserv_V1_ResignKeyResponse> {
    try await answer("ResignKey", request) { message, caller in
      let issued = try await keys.resign(id: try Self.keyID(message.id), caller: caller)
      return .with {
        $0.key = .init(issued.record)
        $0.token = issued.token
        $0.kid = issued.kid
      }
    }
  }

  // MARK: Helpers

  private func answer<Request: Sendable, Response: Sendable>(
    _ method: String, _ request: ServerRequest<Request>,
    _ body: (Request, String) async throws -> Response
  ) async throws -> ServerResponse<Response> {
    let caller = Self.caller(request.metadata)
    return ServerResponse(message: try await boundary.run(method) { try await body(request.message, caller) })
  }

  private func signingKeyMessage(_ key: SigningKeyInfo) -> Apikeyserv_V1_SigningKey {
    .init(key, signing: keys.ring.snapshot.signingKey(at: keys.clock())?.kid == key.kid)
  }

  private static func keyID(_ id: UInt64) throws(APIKeyError) -> Int64 {
    guard id > 0, id <= UInt64(Int64.max) else {
      throw .invalidArgument(field: "id", reason: "must be a key id between 1 and 2^63-1")
    }
    return Int64(id)
  }

  /// Who is calling: the admin socket, and the user apikeyctl reports (unverified, for the log).
  private static func caller(_ metadata: Metadata) -> String {
    let reported = metadata[stringValues: reportedUserKey].first(where: { _ in true })
    let clean = reported.map { String($0.unicodeScalars.filter { $0.value > 0x20 && $0.value < 0x7f }.prefix(64)) }
    return clean.map { "admin-socket user=\($0)" } ?? "admin-socket"
  }
}
