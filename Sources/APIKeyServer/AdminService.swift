import APIKeyCore
import APIKeyRPC
import APIKeyStore
import Foundation
import Logging
import GRPCCore
import SwiftProtobuf

/// `apikeyserv.v1.Admin`, on the admin socket only: adapts requests to `KeyService`. This file:
/// API key records; signing keys and the audit trail are in extensions.
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
      let page = try await keys.keys(
        pageSize: Int(message.pageSize), pageToken: message.pageToken, filter: try KeyFilter(message))
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
      .init(try await keys.resign(id: try Self.keyID(message.id), caller: caller))
    }
  }

  func resignKeys(
    request: ServerRequest<Apikeyserv_V1_ResignKeysRequest>, context: ServerContext
  ) async throws -> StreamingServerResponse<Apikeyserv_V1_ResignKeyResponse> {
    // Every token is recorded (one transaction) before the first one is sent.
    let issued = try await answer("ResignKeys", request) { message, caller in
      try await keys.resign(signedBy: message.signedBy, caller: caller)
    }.message
    return StreamingServerResponse { writer in
      for token in issued { try await writer.write(.init(token)) }
      return [:]
    }
  }

  func revokeKey(
    request: ServerRequest<Apikeyserv_V1_RevokeKeyRequest>, context: ServerContext
  ) async throws -> ServerResponse<Apikeyserv_V1_RevokeKeyResponse> {
    try await answer("RevokeKey", request) { message, caller in
      let (record, revision) = try await keys.revoke(id: try Self.keyID(message.id), caller: caller)
      return .with {
        $0.key = .init(record)
        $0.revision = revision
      }
    }
  }

  func updateKey(
    request: ServerRequest<Apikeyserv_V1_UpdateKeyRequest>, context: ServerContext
  ) async throws -> ServerResponse<Apikeyserv_V1_UpdateKeyResponse> {
    try await answer("UpdateKey", request) { message, caller in
      let record = try await keys.update(
        id: try Self.keyID(message.id), try KeyUpdate(message), caller: caller)
      return .with { $0.key = .init(record) }
    }
  }

  func markSent(
    request: ServerRequest<Apikeyserv_V1_MarkSentRequest>, context: ServerContext
  ) async throws -> ServerResponse<Apikeyserv_V1_MarkSentResponse> {
    try await answer("MarkSent", request) { message, caller in
      let ids = try message.ids.map { id throws(APIKeyError) in try Self.keyID(id, field: "ids") }
      let records = try await keys.markSent(ids: ids, caller: caller)
      return .with { $0.keys = records.map(Apikeyserv_V1_KeyRecord.init) }
    }
  }

  // MARK: Helpers

  func answer<Request: Sendable, Response: Sendable>(
    _ method: String, _ request: ServerRequest<Request>,
    _ body: (Request, String) async throws -> Response
  ) async throws -> ServerResponse<Response> {
    let caller = Self.caller(request.metadata)
    return ServerResponse(message: try await boundary.run(method) { try await body(request.message, caller) })
  }

  private static func keyID(_ id: UInt64, field: String = "id") throws(APIKeyError) -> Int64 {
    guard id > 0, id <= UInt64(Int64.max) else {
      throw .invalidArgument(field: field, reason: "must be a key id between 1 and 2^63-1")
    }
    return Int64(id)
  }

  /// Who is calling: the admin socket, the peer's credentials (set by the transport, see
  /// `PeerCredentials`), and the user apikeyctl reports (unverified).
  static func caller(_ metadata: Metadata) -> String {
    var parts = ["admin-socket"]
    if let peer = metadata[stringValues: PeerCredentials.metadataKey].first(where: { _ in true }) {
      parts.append(peer)
    }
    let reported = metadata[stringValues: reportedUserKey].first(where: { _ in true })
    if let reported {
      let clean = String(reported.unicodeScalars.filter { $0.value > 0x20 && $0.value < 0x7f }.prefix(64))
      parts.append("user=\(clean)")
    }
    return parts.joined(separator: " ")
  }
}

extension Apikeyserv_V1_ResignKeyResponse {
  init(_ issued: IssuedToken) {
    self.init()
    key = .init(issued.record)
    token = issued.token
    kid = issued.kid
  }
}
