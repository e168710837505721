public import ServiceLifecycle

/// Keeps a `KeySet` current. A swift-service-lifecycle `Service`: put it in the application's
/// `ServiceGroup` (or Hummingbird's `services:`) and give its `keySet` to the middleware; it runs
/// until graceful shutdown or cancellation.
public protocol KeySetProvider: Service {
  /// The set `run()` keeps current.
  var keySet: KeySet { get }

  /// Fetches keys into `keySet` until cancelled. A valid answer with no keys empties the set
  /// (every token fails); a failed refresh keeps the last good keys, for at most the provider's
  /// maximum staleness where it has one (then verification fails with `.stale`).
  func run(updating keySet: KeySet) async
}

extension KeySetProvider {
  /// Keeps `keySet` current until graceful shutdown or cancellation.
  public func run() async throws {
    await cancelWhenGracefulShutdown { await run(updating: keySet) }
  }
}
