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
    let perTask = count / concurrency
    let all = try await withThrowingTaskGroup(of: [Double].self) { group in
      for task in 0 ..< concurrency {
        group.addTask {
          var samples: [Double] = []
          samples.reserveCapacity(perTask)
          for i in 0 ..< perTask {
            let began = clock.now
            try await call(task * perTask + i + 1000)
            let duration = clock.now - began
            samples.append(
              Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
          }
          return samples
        }
      }
      return try await group.reduce(into: []) { $0 += $1 }
    }
    let total = clock.now - start
    return LatencyRun(
      latencies: all.sorted(),
      elapsed: Double(total.components.seconds) + Double(total.components.attoseconds) / 1e18)
  }

  func percentile(_ p: Double) -> Double {
    latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] * 1000
  }

  func row(name: String, callers: Int) -> String {
    let rate = Double(latencies.count) / elapsed
    return [
      name.padding(toLength: 16, withPad: " ", startingAt: 0),
      String(format: "%7d", callers), String(format: "%6d", latencies.count),
      String(format: "%9.0f", rate), String(format: "%8.3f", percentile(0.5)),
      String(format: "%8.3f", percentile(0.9)), String(format: "%8.3f", percentile(0.99)),
      String(format: "%8.3f", (latencies.last ?? 0) * 1000),
    ].joined(separator: " ")
  }
}
