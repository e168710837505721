/// Durations as settings and messages show them: the largest unit that divides them.
public enum DurationText {
  /// `5m`, `400d`, `90s`, `0`.
  public static func short(_ seconds: Double) -> String {
    guard seconds > 0 else { return "0" }
    for (unit, size) in [("d", 86400.0), ("h", 3600), ("m", 60)]
    where seconds.truncatingRemainder(dividingBy: size) == 0 {
      return "\(Int(seconds / size))\(unit)"
    }
    return seconds == seconds.rounded() ? "\(Int(seconds))s" : "\(seconds)s"
  }

  /// `seconds` as people say it, in Dutch and English: minutes within the hour, then hours up to
  /// two days, then days, rounded up ("3 minuten", "1 hour", "30 days").
  public static func spoken(_ seconds: Int) -> (nl: String, en: String) {
    func unit(_ count: Int, _ nl: (String, String), _ en: (String, String)) -> (String, String) {
      ("\(count) \(count == 1 ? nl.0 : nl.1)", "\(count) \(count == 1 ? en.0 : en.1)")
    }
    let minutes = max(1, (seconds + 59) / 60)
    if minutes < 60 { return unit(minutes, ("minuut", "minuten"), ("minute", "minutes")) }
    let hours = (minutes + 59) / 60
    if hours <= 48 { return unit(hours, ("uur", "uur"), ("hour", "hours")) }
    return unit((hours + 23) / 24, ("dag", "dagen"), ("day", "days"))
  }
}
