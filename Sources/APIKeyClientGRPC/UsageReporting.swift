/// Whether and how a verifier reports what it verified to the daemon (`UsageReporter`).
public struct UsageReporting: Sendable {
  /// The daemon's public socket.
  public var socketPath: String
  /// How often counts are sent (and the revision held, with or without counts).
  public var interval: Duration
  /// The verifier's name in `apikeyctl verifiers` (1 to 64 of A-Z a-z 0-9 . _ -).
  public var verifier: String
  /// Batches kept while the daemon is away; the oldest are dropped beyond it (counted in
  /// `apikey_usage_batches_dropped_total`).
  public var bufferedBatches: Int
  /// Most distinct keys counted per window (`UsageRecorder.maximumKeys`).
  public var maximumKeys: Int

  /// Reports over the daemon's public socket at `path` every `interval`, as `verifier`.
  public static func socket(
    _ path: String, every interval: Duration = .seconds(60), verifier: String,
    bufferedBatches: Int = 64, maximumKeys: Int = 10_000
  ) -> UsageReporting {
    UsageReporting(
      socketPath: path, interval: interval, verifier: verifier, bufferedBatches: bufferedBatches,
      maximumKeys: maximumKeys)
  }
}
