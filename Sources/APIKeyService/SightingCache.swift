import Foundation
import Synchronization

/// Which verifier's sighting of which key this daemon wrote last, and for when: a sighting less
/// than `resolution` later than the one written is not written again (a busy verifier reports
/// the same keys every interval; the table keeps when each verifier last saw a key, to within
/// this much). At most `capacity` pairs are remembered; beyond that the memory starts afresh.
final class SightingCache: Sendable {
  let resolution: Double
  let capacity: Int
  private let written = Mutex<[Pair<Int64, String>: Date]>([:])

  init(resolution: Double = 600, capacity: Int = 200_000) {
    self.resolution = resolution
    self.capacity = capacity
  }

  /// Those of `sightings` to write, and remembers them as written.
  func due(_ sightings: [Pair<Int64, String>: Date]) -> Set<Pair<Int64, String>> {
    let (resolution, capacity) = (self.resolution, self.capacity)
    return written.withLock { written in
      if written.count + sightings.count > capacity { written = [:] }
      return Set(
        sightings.compactMap { key, seen in
          if let last = written[key], seen.timeIntervalSince(last) < resolution { return nil }
          written[key] = seen
          return key
        })
    }
  }
}
