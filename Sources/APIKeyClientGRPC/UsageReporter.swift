public import APIKeyClient
import APIKeyCore
import APIKeyRPC
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
public import Logging
import Metrics
public import ServiceLifecycle
import SwiftProtobuf
import Synchronization

/// Sends a verifier's usage counts and the key-set revision it holds to the daemon's public
/// socket (ReportUsage): every interval, at once when the revision changes, and once more when
/// it stops. Counts come from a `UsageRecorder` (which `KeySet.verify` fills); only key ids,
/// kids and counts are sent, never a token. While the daemon is away, batches wait in a bounded
/// buffer (the oldest dropped beyond it) and are sent again with their batch ids, so a batch the
/// daemon counted before the connection failed is not counted twice.
public final class UsageReporter: Service, Sendable {
  /// Entries per ReportUsage message (well inside the public socket's message size limit).
  static let entriesPerBatch = 500

  public let reporting: UsageReporting
  /// The recorder whose counts are sent; nil: only the revision is reported (the bridge).
  public let recorder: UsageRecorder?
  private let revision: @Sendable () -> UInt64
  private let daemonIdentity: DaemonIdentity
  private let logger: Logger
  private let pending = Mutex<[Apikeyserv_V1_UsageReport]>([])
  private let dropped: Counter
  private let overflow: Counter

  /// A reporter for `reporting`, sending `recorder`'s counts (none: the revision alone) and the
  /// revision `revision` reads at each report.
  public init(
    _ reporting: UsageReporting, recorder: UsageRecorder?,
    revision: @escaping @Sendable () -> UInt64, daemonIdentity: DaemonIdentity = DaemonIdentity(),
    logger: Logger = Logger(label: "apikeyclient")
  ) {
    self.reporting = reporting
    self.recorder = recorder
    self.revision = revision
    self.daemonIdentity = daemonIdentity
    self.logger = logger
    dropped = Counter(label: "apikey_usage_batches_dropped_total")
    overflow = Counter(label: "apikey_usage_overflow_total")
  }

  /// A reporter that counts `keySet`'s verifications (it installs a recorder in it) and reports
  /// the revision of its keys.
  public convenience init(
    _ reporting: UsageReporting, keySet: KeySet, daemonIdentity: DaemonIdentity = DaemonIdentity(),
    logger: Logger = Logger(label: "apikeyclient")
  ) {
    let recorder = UsageRecorder(maximumKeys: reporting.maximumKeys)
    keySet.usageRecorder = recorder
    self.init(
      reporting, recorder: recorder, revision: { keySet.keys.revision },
      daemonIdentity: daemonIdentity, logger: logger)
  }

  /// Reports until the task is cancelled or the service group shuts down, then once more.
  public func run() async {
    try? await cancelWhenGracefulShutdown {
      var reported: UInt64?
      var due = ContinuousClock.now
      while !Task.isCancelled {
        let now = ContinuousClock.now
        if self.revision() != reported || now >= due {
          reported = self.revision()
          due = now + self.reporting.interval
          await self.flush()
        }
        try? await Task.sleep(for: .milliseconds(200))
      }
    }
    // The last counts, on a task of its own: this one is cancelled, and its calls would be too.
    await Task { await self.flush() }.value
  }

  /// Moves the recorder's window into the buffer as batches, then sends the buffer in order;
  /// what cannot be sent stays for the next flush.
  public func flush() async {
    enqueue(recorder?.drain() ?? UsageRecorder.Window(entries: [], overflow: 0))
    let batches = pending.withLock { $0 }
    let sent = Mutex(Set<String>())
    do {
      try await withClient { keys in
        for var batch in batches {
          batch.revision = self.revision()
          _ = try await keys.reportUsage(batch)
          sent.withLock { _ = $0.insert(batch.batchID) }
        }
      }
    } catch {
      logger.debug("Usage report not sent", metadata: ["error": "\(error)"])
    }
    let done = sent.withLock { $0 }
    pending.withLock { $0.removeAll { done.contains($0.batchID) } }
  }

  /// Adds `window` to the buffer as batches of at most `entriesPerBatch` (an empty window as one
  /// batch that reports the revision, unless one waits already), dropping the oldest beyond it.
  private func enqueue(_ window: UsageRecorder.Window) {
    if window.overflow > 0 { overflow.increment(by: Int64(window.overflow)) }
    let chunks = stride(from: 0, to: window.entries.count, by: Self.entriesPerBatch).map {
      Array(window.entries[$0 ..< min($0 + Self.entriesPerBatch, window.entries.count)])
    }
    let batches = (chunks.isEmpty ? [[]] : chunks).map { entries in
      Apikeyserv_V1_UsageReport.with {
        $0.verifier = reporting.verifier
        $0.batchID = UUID().uuidString
        $0.entries = entries.map(Apikeyserv_V1_UsageEntry.init)
      }
    }
    pending.withLock { pending in
      if chunks.isEmpty, pending.contains(where: \.entries.isEmpty) { return }
      pending += batches
      let excess = pending.count - reporting.bufferedBatches
      if excess > 0 {
        pending.removeFirst(excess)
        dropped.increment(by: Int64(excess))
      }
    }
  }

  /// Runs `body` with a client of the daemon's public socket (checked as the key-set
  /// subscription checks it).
  private func withClient(
    _ body:
      @Sendable @escaping (Apikeyserv_V1_PublicKeys.Client<HTTP2ClientTransport.Posix>)
      async throws -> Void
  ) async throws {
    let path = reporting.socketPath
    try daemonIdentity.check(socketPath: path)
    try await withGRPCClient(
      transport: .http2NIOPosix(
        target: .unixDomainSocket(path: path), transportSecurity: .plaintext,
        config: .defaults {
          $0.channelDebuggingCallbacks = self.daemonIdentity.callbacks(socketPath: path)
        })
    ) { client in
      try await body(Apikeyserv_V1_PublicKeys.Client(wrapping: client))
    }
  }
}
