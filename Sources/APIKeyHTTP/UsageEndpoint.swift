import APIKeyCore
import APIKeyRPC
import Foundation
import GRPCCore
import Hummingbird
import Logging
import SwiftProtobuf

/// `POST /usage/` (with `--accept-usage-reports`): a verifier on another host sends its usage
/// report as the JSON form of `UsageReport`; the bridge checks its size and the client's limit,
/// names the client address in it, and forwards it to the daemon's public socket. Reports only
/// inform (last use, counts, the revision a verifier holds), so an unauthenticated one can at
/// worst make a key look used.
struct UsageEndpoint: Sendable {
  /// Largest report accepted, in bytes (a full batch of 10,000 entries fits).
  static let maximumBodySize = 4 << 20

  let client: DaemonClient
  let limiter: RateLimiter
  let addresses: ClientAddress
  let clock: @Sendable () -> Date

  func add(to router: Router<BridgeRequestContext>) {
    router.post("/usage") { request, context in await self.receive(request, context: context) }
  }

  func receive(_ request: Request, context: BridgeRequestContext) async -> Response {
    if let length = request.headers[.contentLength].flatMap(Int.init),
      length > Self.maximumBodySize
    {
      return JSONResponse.message(.contentTooLarge, "Usage report too large.")
    }
    guard let buffer = try? await request.body.collect(upTo: Self.maximumBodySize) else {
      return JSONResponse.message(.contentTooLarge, "Usage report too large.")
    }
    guard
      let address = addresses.resolve(
        peer: context.remoteAddress, forwardedFor: request.headers[values: .xForwardedFor])
    else {
      return JSONResponse.message(.badRequest, "No client address.")
    }
    if let wait = limiter.admit(address.rateLimitKey, at: clock()) {
      var headers = HTTPFields()
      headers[.retryAfter] = "\(wait)"
      return JSONResponse.message(
        .tooManyRequests, "Too many usage reports; try again later.", headers: headers)
    }
    var report: Apikeyserv_V1_UsageReport
    do {
      report = try Apikeyserv_V1_UsageReport(jsonUTF8Bytes: Array(buffer.readableBytesView))
    } catch {
      return JSONResponse.message(.badRequest, "Not a usage report: \(error)")
    }
    report.forwardedFor = address.description
    do {
      let answer = try await client.reportUsage(report)
      return JSONResponse.make(
        .ok,
        [
          "accepted_entries": Int(answer.acceptedEntries), "unknown_keys": Int(answer.unknownKeys),
          "replayed": answer.replayed, "current_revision": "\(answer.currentRevision)",
        ])
    } catch let error as RPCError {
      switch error.code {
      case .invalidArgument: return JSONResponse.message(.badRequest, error.message)
      case .resourceExhausted: return JSONResponse.message(.tooManyRequests, error.message)
      default:
        context.logger.notice("Usage report not forwarded", metadata: ["error": "\(error)"])
        return JSONResponse.message(.serviceUnavailable, "The key server does not answer.")
      }
    } catch {
      return JSONResponse.message(.serviceUnavailable, "The key server does not answer.")
    }
  }
}
