import Foundation

/// Latencies of one measured run.
struct LatencyRun {
  var latencies: [Double]  // seconds, sorted
  var elapsed: Double

  /// Runs `call` `count` times spread over `concurrency` tasks.
  static func measure(
    count: Int, concurrency: Int, _ call: @escaping @Sendable (Int) async throws -> Void
  ) async throws -> LatencyRun {
    let clock = ContinuousClock()
    let start = clock.now
    let perTask = max(count / concurrency, 1)
    let all = try await withThrowingTaskGroup(of: [Double].self) { group in
      for task in 0 ..< concurrency {
        group.addTask {
          var samples: [Double] = []
          samples.reserveCapacity(perTask)
          for i in 0 ..< perTask {
            let began = clock.now
            try await call(task * perTask + i + 1000)
            samples.append(Self.seconds(clock.now - began))
          }
          return samples
        }
      }
      return try await group.reduce(into: []) { $0 += $1 }
    }
    return LatencyRun(latencies: all.sorted(), elapsed: seconds(clock.now - start))
  }

  private static func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
  }

  /// Both runs as one: their calls over their summed time.
  func merged(with other: LatencyRun) -> LatencyRun {
    LatencyRun(latencies: (latencies + other.latencies).sorted(), elapsed: elapsed + other.elapsed)
  }

  /// The latency below which a share `p` of the calls finished, in milliseconds.
  func percentile(_ p: Double) -> Double {
    latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] * 1000
  }

  /// The figures of this run as `scripts/bench.py` reads them.
  func summary(path: String, callers: Int, daemonCPU: Double?) -> [String: Any] {
    var row: [String: Any] = [
      "path": path, "callers": callers, "calls": latencies.count,
      "rate": Double(latencies.count) / elapsed, "p50_ms": percentile(0.5),
      "p90_ms": percentile(0.9), "p99_ms": percentile(0.99), "max_ms": (latencies.last ?? 0) * 1000,
    ]
    if let daemonCPU { row["daemon_cpu_us_per_call"] = daemonCPU / Double(latencies.count) * 1e6 }
    return row
  }

  static let header =
    "path               callers   calls    calls/s   p50 ms   p90 ms   p99 ms   max ms  daemon µs/call"

  /// One line of the table `header` heads.
  static func row(_ summary: [String: Any]) -> String {
    let number = { (key: String) in summary[key] as? Double ?? 0 }
    return [
      (summary["path"] as? String ?? "").padding(toLength: 18, withPad: " ", startingAt: 0),
      String(format: "%7d", summary["callers"] as? Int ?? 0),
      String(format: "%7d", summary["calls"] as? Int ?? 0),
      String(format: "%10.0f", number("rate")), String(format: "%8.3f", number("p50_ms")),
      String(format: "%8.3f", number("p90_ms")), String(format: "%8.3f", number("p99_ms")),
      String(format: "%8.3f", number("max_ms")),
      summary["daemon_cpu_us_per_call"].map { String(format: "%15.1f", $0 as? Double ?? 0) } ?? "",
    ].joined(separator: " ")
  }
}
