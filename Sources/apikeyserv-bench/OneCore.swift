import ArgumentParser
import Foundation

/// The options of the one-core benchmarks (`verify`, `sign`).
struct OneCoreOptions: ParsableArguments {
  @Option(help: "Operations per measurement.")
  var count: Int = 100_000

  @Option(help: "Rounds: the measurements alternate, and each figure is its best round.")
  var rounds: Int = 3

  @Flag(help: "Print the figures as a JSON array (for scripts/bench.py).")
  var json = false
}

/// Rates of one task's loop, and how the one-core benchmarks print them.
enum OneCore {
  /// Operations per second of `body` run `count` times (after a warm-up of 1,000).
  static func rate<T>(count: Int, _ body: () -> T) -> Double {
    for _ in 0 ..< 1000 { _ = body() }
    let clock = ContinuousClock()
    let start = clock.now
    for _ in 0 ..< count { _ = body() }
    let elapsed = clock.now - start
    return Double(count)
      / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
  }

  /// Each case's best rate over `options.rounds` rounds, the cases alternating within a round.
  static func best<T>(
    _ cases: [(String, () -> T)], options: OneCoreOptions
  ) -> [(String, Double)] {
    var best = Array(repeating: 0.0, count: cases.count)
    for _ in 0 ..< max(options.rounds, 1) {
      for (index, entry) in cases.enumerated() {
        best[index] = max(best[index], rate(count: options.count, entry.1))
      }
    }
    return zip(cases.map(\.0), best).map { ($0, $1) }
  }

  /// Prints `rows` (name, rate) as a JSON array or as a table, the first row as the reference.
  static func report(_ rows: [(String, Double)], count: Int, json: Bool) throws {
    if json {
      let objects = rows.map { ["name": $0.0, "rate": $0.1, "count": count] as [String: Any] }
      let data = try JSONSerialization.data(withJSONObject: objects, options: [.sortedKeys])
      print(String(decoding: data, as: UTF8.self))
      return
    }
    for (name, rate) in rows {
      print(
        String(
          format: "%@ %10.0f /s  (%.2f µs each)",
          name.padding(toLength: 44, withPad: " ", startingAt: 0), rate, 1e6 / rate))
    }
  }
}
