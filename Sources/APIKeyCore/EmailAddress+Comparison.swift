import Foundation

extension EmailAddress {
  /// The form in which two addresses that reach the same mailbox compare equal: the local part
  /// lower-cased; the domain as IDNA maps it (NFKC compatibility forms, e.g. fullwidth letters
  /// and dots, lower case, the ideographic full stops as dots) and each non-ASCII label in its
  /// ASCII form (`xn--…`, RFC 3492). `jan@Example.ｏｒｇ` and `jan@example.org` give one key, as
  /// do `jan@exämple.org` and `jan@xn--exmple-cua.org`.
  public static func comparisonKey(_ address: String) -> String {
    let mapped = address.precomposedStringWithCompatibilityMapping
    guard let at = mapped.lastIndex(of: "@") else { return mapped.lowercased() }
    let local = mapped[..<at].lowercased()
    let domain = String(mapped[mapped.index(after: at)...])
      .replacingOccurrences(of: "\u{3002}", with: ".")
      .replacingOccurrences(of: "\u{FF61}", with: ".")
      .lowercased()
    let labels = domain.split(separator: ".", omittingEmptySubsequences: false).map { label in
      label.unicodeScalars.allSatisfy(\.isASCII)
        ? String(label) : "xn--" + Punycode.encode(String(label))
    }
    return local + "@" + labels.joined(separator: ".")
  }
}

/// Punycode (RFC 3492): a Unicode label as ASCII, as IDNA writes it after `xn--`.
enum Punycode {
  private static let base = 36
  private static let tMin = 1
  private static let tMax = 26
  private static let skew = 38
  private static let damp = 700
  private static let initialBias = 72
  private static let initialN = 128

  /// The label's Punycode (without the `xn--` prefix).
  static func encode(_ label: String) -> String {
    let input = label.unicodeScalars.map { Int($0.value) }
    var output = input.filter { $0 < 0x80 }.map { Character(Unicode.Scalar(UInt8($0))) }
    let basicCount = output.count
    var handled = basicCount
    if basicCount > 0 { output.append("-") }
    var n = initialN
    var delta = 0
    var bias = initialBias
    while handled < input.count {
      // '!' is fine: some code point is not handled yet, so one is at least n.
      let m = input.filter { $0 >= n }.min()!
      delta += (m - n) * (handled + 1)
      n = m
      for c in input {
        if c < n { delta += 1 }
        guard c == n else { continue }
        var q = delta
        var k = base
        while true {
          let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
          if q < t { break }
          output.append(digit(t + (q - t) % (base - t)))
          q = (q - t) / (base - t)
          k += base
        }
        output.append(digit(q))
        bias = adapt(delta, handled + 1, first: handled == basicCount)
        delta = 0
        handled += 1
      }
      delta += 1
      n += 1
    }
    return String(output)
  }

  private static func digit(_ value: Int) -> Character {
    // value is below 36: a-z, then 0-9.
    Character(Unicode.Scalar(UInt8(value < 26 ? 97 + value : 22 + value)))
  }

  private static func adapt(_ delta: Int, _ count: Int, first: Bool) -> Int {
    var delta = first ? delta / damp : delta / 2
    delta += delta / count
    var k = 0
    while delta > ((base - tMin) * tMax) / 2 {
      delta /= base - tMin
      k += base
    }
    return k + (base - tMin + 1) * delta / (delta + skew)
  }
}
