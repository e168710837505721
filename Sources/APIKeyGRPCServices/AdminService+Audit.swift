import APIKeyCore
import APIKeyRPC
import APIKeyService
import APIKeyStore
import GRPCCore
import SwiftProtobuf

/// `Admin` audit-trail RPCs.
extension AdminService {
  func listAuditEntries(
    request: Apikeyserv_V1_ListAuditEntriesRequest, context: ServerContext
  ) async throws -> Apikeyserv_V1_ListAuditEntriesResponse {
    var filter = AuditFilter(
      since: request.hasSince ? try request.since.validatedDate(field: "since") : nil,
      until: request.hasUntil ? try request.until.validatedDate(field: "until") : nil,
      target: request.target.isEmpty ? nil : request.target,
      action: request.action.isEmpty ? nil : request.action)
    filter.newestFirst = request.newestFirst
    let page = try await keys.auditEntries(
      filter: filter, pageSize: Int(request.pageSize), pageToken: request.pageToken)
    return .with {
      $0.entries = page.entries.map(Apikeyserv_V1_AuditEntry.init)
      $0.nextPageToken = page.next ?? ""
    }
  }

  func verifyAuditTrail(
    request: Apikeyserv_V1_VerifyAuditTrailRequest, context: ServerContext
  ) async throws -> Apikeyserv_V1_VerifyAuditTrailResponse {
    let result = try await keys.verifyAuditTrail()
    return .with {
      $0.intact = result.isIntact
      $0.entriesChecked = UInt64(result.checked)
      $0.firstBrokenSeq = UInt64(result.firstBroken?.seq ?? 0)
      $0.problem = result.firstBroken?.problem ?? ""
      $0.headHash = Hex.encode(result.head)
      $0.stateProblems = result.stateProblems
    }
  }
}
