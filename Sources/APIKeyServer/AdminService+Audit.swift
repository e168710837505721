import APIKeyCore
import APIKeyRPC
import APIKeyStore
import GRPCCore
import SwiftProtobuf

/// `Admin` audit-trail RPCs.
extension AdminService {
  func listAuditEntries(
    request: ServerRequest<Apikeyserv_V1_ListAuditEntriesRequest>, context: ServerContext
  ) async throws -> ServerResponse<Apikeyserv_V1_ListAuditEntriesResponse> {
    try await answer("ListAuditEntries", request) { message, _ in
      let since = message.hasSince ? try message.since.validatedDate(field: "since") : nil
      let page = try await keys.auditEntries(
        since: since, pageSize: Int(message.pageSize), pageToken: message.pageToken)
      return .with {
        $0.entries = page.entries.map(Apikeyserv_V1_AuditEntry.init)
        $0.nextPageToken = page.next ?? ""
      }
    }
  }

  func verifyAuditTrail(
    request: ServerRequest<Apikeyserv_V1_VerifyAuditTrailRequest>, context: ServerContext
  ) async throws -> ServerResponse<Apikeyserv_V1_VerifyAuditTrailResponse> {
    try await answer("VerifyAuditTrail", request) { _, _ in
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
}
