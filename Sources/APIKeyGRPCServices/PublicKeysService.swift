import APIKeyCore
import APIKeyRPC
package import APIKeyService
import GRPCCore
import SwiftProtobuf

/// `apikeyserv.v1.PublicKeys`: the published key set and offline-style verification, answered
/// from the in-memory snapshot (no database access); and verifiers' usage reports, recorded in
/// batches.
package struct PublicKeysService: Apikeyserv_V1_PublicKeys.SimpleServiceProtocol {
  let keys: KeyService

  /// The public key set of `keys`.
  package init(
    keys: KeyService
  ) {
    self.keys = keys
  }

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

  func reportUsage(
    request: Apikeyserv_V1_UsageReport, context: ServerContext
  ) async throws -> Apikeyserv_V1_ReportUsageResponse {
    let caller = context.caller
    var forwardedFor: IPAddress?
    if !request.forwardedFor.isEmpty {
      guard let address = IPAddress(request.forwardedFor) else {
        throw APIKeyError.invalidArgument(
          field: "forwarded_for", reason: "is not an IPv4 or IPv6 address")
      }
      forwardedFor = address
    }
    if let wait = keys.admitReport(
      from: caller, forwardedFor: forwardedFor?.rateLimitKey, entries: request.entries.count)
    {
      throw RPCError(
        code: .resourceExhausted,
        message:
          "too many usage reports from \(caller.limitKey); at most \(keys.usagePolicy.perPeer)",
        metadata: [RPCHeader.retryAfter: "\(wait)"])
    }
    let peer = caller.peerDescription ?? "unknown peer"
    let receipt = try await keys.report(
      try UsageReport(request),
      peer: forwardedFor.map { "\($0) via \(peer)" } ?? peer)
    return .with {
      $0.acceptedEntries = UInt64(receipt.counted)
      $0.unknownKeys = UInt64(receipt.unknownKeys)
      $0.replayed = receipt.replayed
      $0.currentRevision = receipt.currentRevision
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

  /// One verdict per token, in order. A token that fails (too long included) gets an invalid
  /// verdict rather than ending the stream: a verifier streaming thousands of requests' keys must
  /// not lose the others to one bad one. At shutdown the stream ends with UNAVAILABLE after the
  /// verdicts already written, so the verifier reconnects (to the next daemon) instead of holding
  /// the daemon's drain open.
  func verifyKeys(
    request: RPCAsyncSequence<Apikeyserv_V1_VerifyKeyRequest, any Error>,
    response: RPCWriter<Apikeyserv_V1_VerifyKeyResponse>,
    context: ServerContext
  ) async throws {
    let shutDown = try await withThrowingTaskGroup(of: Bool.self) { group in
      group.addTask {
        for try await message in request {
          try await response.write(Apikeyserv_V1_VerifyKeyResponse(keys.verify(message.token)))
        }
        return false
      }
      group.addTask {
        for await _ in keys.ring.watch() {}  // ends at shutdown (or when cancelled)
        return !Task.isCancelled
      }
      defer { group.cancelAll() }
      return try await group.next() ?? false
    }
    if shutDown {
      throw RPCError(code: .unavailable, message: "apikeyserv is shutting down; reconnect")
    }
  }
}
