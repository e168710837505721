import APIKeyCore
import APIKeyRPC
package import APIKeyService
import APIKeyStore
import GRPCCore
import SwiftProtobuf

/// `apikeyserv.v1.Admin`, on the admin socket only: adapts requests to `KeyService`. Errors and
/// the caller's identity are `CallBoundary`'s. This file: API key records; signing keys, the
/// audit trail, import and backup are in extensions.
package struct AdminService: Apikeyserv_V1_Admin.SimpleServiceProtocol {
  let keys: KeyService

  /// Admin over `keys`.
  package init(
    keys: KeyService
  ) {
    self.keys = keys
  }

  func issueKey(
    request: Apikeyserv_V1_IssueKeyRequest, context: ServerContext
  ) async throws -> Apikeyserv_V1_IssueKeyResponse {
    let issued = try await keys.issue(try IssueRequest(request), caller: context.caller)
    return .with {
      $0.key = .init(issued.record)
      $0.token = issued.token
      $0.kid = issued.kid
      $0.replayed = issued.replayed
    }
  }

  func getKey(
    request: Apikeyserv_V1_GetKeyRequest, context: ServerContext
  ) async throws -> Apikeyserv_V1_GetKeyResponse {
    let id = try Self.keyID(request.id)
    let record = try await keys.key(id: id)
    let origin = try await keys.origin(of: id)
    let usage = try await keys.usage(of: record)
    let tokens = try await keys.tokens(of: id)
    return .with {
      $0.key = .init(record)
      $0.origin = origin
      $0.usage = .init(usage)
      $0.tokens = tokens.map { token in
        .with {
          $0.kid = token.kid
          $0.issuedAt = .init(date: token.issuedAt)
          if let expiry = token.expiresAt { $0.expiresAt = .init(date: expiry) }
        }
      }
    }
  }

  func getKeyUsage(
    request: Apikeyserv_V1_GetKeyUsageRequest, context: ServerContext
  ) async throws -> Apikeyserv_V1_GetKeyUsageResponse {
    let usage = try await keys.usage(of: try Self.keyID(request.id), days: Int(request.days))
    return .with {
      $0.days = usage.days.map(Apikeyserv_V1_DailyUsage.init)
      $0.usage = .init(usage)
    }
  }

  func listVerifiers(
    request: Apikeyserv_V1_ListVerifiersRequest, context: ServerContext
  ) async throws -> Apikeyserv_V1_ListVerifiersResponse {
    let window =
      request.hasWindow ? try request.window.validatedSeconds(field: "window") : 86_400
    let (current, verifiers) = try await keys.verifiers(window: window)
    return .with {
      $0.currentRevision = current
      $0.verifiers = verifiers.map(Apikeyserv_V1_Verifier.init)
      $0.staleAfter = .init(
        seconds: Int64(keys.usagePolicy.staleAfter),
        nanos: Int32((keys.usagePolicy.staleAfter.truncatingRemainder(dividingBy: 1)) * 1e9))
    }
  }

  func listKeys(
    request: Apikeyserv_V1_ListKeysRequest, context: ServerContext
  ) async throws -> Apikeyserv_V1_ListKeysResponse {
    let page = try await keys.keys(
      pageSize: Int(request.pageSize), pageToken: request.pageToken, filter: try KeyFilter(request))
    return .with {
      $0.keys = page.keys.map(Apikeyserv_V1_KeyRecord.init)
      $0.nextPageToken = page.next ?? ""
    }
  }

  func resignKey(
    request: Apikeyserv_V1_ResignKeyRequest, context: ServerContext
  ) async throws -> Apikeyserv_V1_ResignKeyResponse {
    .init(try await keys.resign(id: try Self.keyID(request.id), caller: context.caller))
  }

  func renewKey(
    request: Apikeyserv_V1_RenewKeyRequest, context: ServerContext
  ) async throws -> Apikeyserv_V1_ResignKeyResponse {
    .init(
      try await keys.renew(
        id: try Self.keyID(request.id),
        until: request.hasUntil ? try request.until.validatedDate(field: "until") : nil,
        caller: context.caller))
  }

  func listReminders(
    request: Apikeyserv_V1_ListRemindersRequest, context: ServerContext
  ) async throws -> Apikeyserv_V1_ListRemindersResponse {
    let ids = try request.ids.map { id throws(APIKeyError) in try Self.keyID(id, field: "ids") }
    let reminders = try await keys.reminders(of: ids)
    return .with { $0.reminders = reminders.map(Apikeyserv_V1_ExpiryReminder.init) }
  }

  func resignKeys(
    request: Apikeyserv_V1_ResignKeysRequest, response: RPCWriter<Apikeyserv_V1_ResignKeyResponse>,
    context: ServerContext
  ) async throws {
    // Every token is recorded (one transaction) before the first one is sent.
    let issued = try await keys.resign(signedBy: request.signedBy, caller: context.caller)
    for token in issued { try await response.write(.init(token)) }
  }

  func revokeKey(
    request: Apikeyserv_V1_RevokeKeyRequest, context: ServerContext
  ) async throws -> Apikeyserv_V1_RevokeKeyResponse {
    let (record, revision) = try await keys.revoke(
      id: try Self.keyID(request.id), reason: request.reason, caller: context.caller)
    return .with {
      $0.key = .init(record)
      $0.revision = revision
    }
  }

  func eraseKey(
    request: Apikeyserv_V1_EraseKeyRequest, context: ServerContext
  ) async throws -> Apikeyserv_V1_EraseKeyResponse {
    let (record, revision) = try await keys.erase(
      id: try Self.keyID(request.id), caller: context.caller)
    return .with {
      $0.key = .init(record)
      $0.revision = revision
    }
  }

  func updateKey(
    request: Apikeyserv_V1_UpdateKeyRequest, context: ServerContext
  ) async throws -> Apikeyserv_V1_UpdateKeyResponse {
    let record = try await keys.update(
      id: try Self.keyID(request.id), try KeyUpdate(request), caller: context.caller)
    return .with { $0.key = .init(record) }
  }

  func markSent(
    request: Apikeyserv_V1_MarkSentRequest, context: ServerContext
  ) async throws -> Apikeyserv_V1_MarkSentResponse {
    let ids = try request.ids.map { id throws(APIKeyError) in try Self.keyID(id, field: "ids") }
    let records = try await keys.markSent(ids: ids, caller: context.caller)
    return .with { $0.keys = records.map(Apikeyserv_V1_KeyRecord.init) }
  }

  /// A key id of a request: proto ids are unsigned, the store's are positive `Int64`s.
  private static func keyID(_ id: UInt64, field: String = "id") throws(APIKeyError) -> Int64 {
    guard id > 0, id <= UInt64(Int64.max) else {
      throw .invalidArgument(field: field, reason: "must be a key id between 1 and 2^63-1")
    }
    return Int64(id)
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
