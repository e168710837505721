/// A limit of `count` events per `window`, e.g. 3 keys per e-mail address per day. Written
/// `COUNT/UNIT` on command lines (`3/day`, `100/hour`, `10/minute`, `5/second`, or a number of
/// seconds: `20/90s`).
public struct RateLimit: Sendable, Equatable, CustomStringConvertible {
  /// Events allowed in any `window`; at least 1.
  public var count: Int
  /// The sliding window, in seconds; positive.
  public var window: Double

  /// A limit of `count` events per `window` seconds.
  public init(count: Int, window: Double) {
    self.count = count
    self.window = window
  }

  /// Parses `COUNT/UNIT`; nil for anything else.
  public init?(_ text: String) {
    let parts = text.split(separator: "/", maxSplits: 1)
    guard parts.count == 2, let count = Int(parts[0]), count >= 1,
      let window = Self.seconds(parts[1]), window > 0
    else { return nil }
    self.init(count: count, window: window)
  }

  private static func seconds(_ unit: Substring) -> Double? {
    switch unit.lowercased() {
    case "s", "second": return 1
    case "m", "minute": return 60
    case "h", "hour": return 3600
    case "d", "day": return 86400
    default:
      guard unit.hasSuffix("s"), let value = Double(unit.dropLast()), value.isFinite else {
        return nil
      }
      return value
    }
  }

  /// `3/day`, `100/hour`, or `20/90s` for other windows.
  public var description: String {
    switch window {
    case 1: return "\(count)/second"
    case 60: return "\(count)/minute"
    case 3600: return "\(count)/hour"
    case 86400: return "\(count)/day"
    default: return "\(count)/\(window.formatted)s"
    }
  }
}

extension Double {
  fileprivate var formatted: String {
    self == rounded() ? String(Int(self)) : String(self)
  }
}
