public import CoreMetrics
public import Prometheus

/// One process's metrics: a Prometheus registry and the swift-metrics factory that records into
/// it. Each daemon or bridge owns one (not the process-wide `MetricsSystem`), so two in one
/// process (as in the tests) count apart.
public final class MetricsRegistry: Sendable {
  /// Where the values live; `exposition()` renders it.
  public let registry: PrometheusCollectorRegistry
  /// What `Counter`, `Gauge` and `Timer` are made by: `Counter(label:dimensions:factory:)`.
  public let factory: any MetricsFactory

  /// An empty registry whose timers (latency histograms) have `latencyBuckets`.
  public init(latencyBuckets: [Duration] = MetricsRegistry.latencyBuckets) {
    let registry = PrometheusCollectorRegistry()
    var factory = PrometheusMetricsFactory(registry: registry)
    factory.defaultDurationHistogramBuckets = latencyBuckets
    self.registry = registry
    self.factory = factory
  }

  /// Buckets from 100 µs to 10 s: a verification takes tens of microseconds, a durable issue a
  /// few milliseconds, a call that waits on a stopped database seconds.
  public static let latencyBuckets: [Duration] = [
    .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1),
    .microseconds(2500), .milliseconds(5), .milliseconds(10), .milliseconds(25),
    .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
    .milliseconds(2500), .seconds(5), .seconds(10),
  ]

  /// Everything recorded so far, in the Prometheus text format (version 0.0.4).
  public func exposition() -> [UInt8] { registry.emitToBuffer() }
}
