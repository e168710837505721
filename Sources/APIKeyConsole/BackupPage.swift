import APIKeyControl
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// `/backup`: a consistent backup of the live database, downloaded as the daemon streams it
/// (the same file `apikeyctl backup` writes). The SHA-256 the daemon sends last is checked; a
/// download that does not match is cut off, so the browser reports it failed.
struct BackupPage: Sendable {
  let parts: ConsoleParts

  func add(to router: Router<ConsoleRequestContext>) {
    router.get("/backup") { _, context in
      parts.render("backup", ["title": "Backup"], nav: "navBackup", context)
    }
    router.post("/backup") { request, context in
      if case .refusal(let refusal) = await parts.posted(request, context) { return refusal }
      return download(context)
    }
  }

  private func download(_ context: ConsoleRequestContext) -> Response {
    let daemon = parts.daemon
    let logger = context.logger
    let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "")
    var headers: HTTPFields = [
      .contentType: "application/octet-stream",
      .contentDisposition: "attachment; filename=\"apikeyserv-backup-\(stamp).db\"",
    ]
    ConsolePages.secure(&headers)
    return Response(
      status: .ok, headers: headers,
      body: ResponseBody { writer in
        // The daemon's stream feeds the response through a buffer: a download on loopback
        // keeps up with the daemon, so it stays small.
        let (chunks, sink) = AsyncThrowingStream.makeStream(of: [UInt8].self)
        do {
          try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
              do {
                try await Self.receive(from: daemon, into: sink)
                sink.finish()
              } catch {
                sink.finish(throwing: error)
              }
            }
            for try await chunk in chunks { try await writer.write(ByteBuffer(bytes: chunk)) }
            try await group.waitForAll()
          }
          try await writer.finish(nil)
        } catch {
          logger.error("Backup download cut off: \(error)")
          throw error
        }
      })
  }

  /// Streams the daemon's backup into `sink` (`ControlSession.backup` checks it arrived whole).
  private static func receive(
    from daemon: ConsoleDaemon, into sink: AsyncThrowingStream<[UInt8], any Error>.Continuation
  ) async throws {
    _ = try await daemon.call { session in try await session.backup { sink.yield($0) } }
  }
}
