import APIKeyRPC
import Hummingbird
import SwiftProtobuf

/// `/verifiers`: the services that reported within a day, each synced or stale, and why.
struct VerifiersPage: Sendable {
  let parts: ConsoleParts

  func add(to router: Router<ConsoleRequestContext>) {
    router.get("/verifiers") { _, context in await show(context) }
  }

  private func show(_ context: ConsoleRequestContext) async -> Response {
    let answer: Apikeyserv_V1_ListVerifiersResponse
    do {
      answer = try await parts.daemon.admin { admin in try await admin.listVerifiers(.init()) }
    } catch {
      return parts.problem(error, retry: "/verifiers", context)
    }
    let values: [String: Any] = [
      "title": "Verifiers", "window": "24 h", "revision": "\(answer.currentRevision)",
      "staleAfter": ConsoleFormat.duration(seconds: answer.staleAfter.seconds),
      "rows": answer.verifiers.map { verifier -> [String: Any] in
        var row: [String: Any] = [
          "name": verifier.name, "state": verifier.state == .synced ? "synced" : "stale",
          "revision": "\(verifier.revision)", "last": ConsoleFormat.time(verifier.lastReportAt),
          "peer": verifier.peer, "daemon": verifier.daemon,
        ]
        if !verifier.problem.isEmpty { row["problem"] = verifier.problem }
        return row
      },
    ]
    return parts.render("verifiers", values, nav: "navVerifiers", context)
  }
}
