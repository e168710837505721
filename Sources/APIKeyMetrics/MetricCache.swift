import Synchronization

/// Metrics made once per key (a label set) and then reused: creating a swift-metrics value goes
/// through the factory and the registry's lock, so the hot paths look theirs up here instead.
public final class MetricCache<Key: Hashable & Sendable, Metric: Sendable>: Sendable {
  private let metrics = Mutex<[Key: Metric]>([:])
  private let make: @Sendable (Key) -> Metric

  /// A cache that makes the metric of a new key with `make`.
  public init(_ make: @escaping @Sendable (Key) -> Metric) {
    self.make = make
  }

  /// The metric of `key`, made on first use.
  public subscript(_ key: Key) -> Metric {
    metrics.withLock { metrics in
      if let metric = metrics[key] { return metric }
      let metric = make(key)
      metrics[key] = metric
      return metric
    }
  }
}
