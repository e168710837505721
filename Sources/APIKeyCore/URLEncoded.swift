public import Foundation

/// `application/x-www-form-urlencoded` text (a posted form, a query string).
public enum URLEncoded {
  /// The name-value pairs of `text`: `+` is a space, percent escapes decoded; the first of a
  /// repeated name counts; a name without `=` has the empty value.
  public static func pairs(_ text: String) -> [String: String] {
    var pairs: [String: String] = [:]
    for part in text.split(separator: "&") {
      let pair = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      let name = decode(pair[0])
      if pairs[name] == nil { pairs[name] = pair.count == 2 ? decode(pair[1]) : "" }
    }
    return pairs
  }

  private static func decode(_ text: Substring) -> String {
    let spaced = text.replacingOccurrences(of: "+", with: " ")
    return spaced.removingPercentEncoding ?? spaced
  }
}
