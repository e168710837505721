import Foundation

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
