/// Kids on the command line. A kid is base64url, so one in 64 starts with `-` and would be read
/// as options (`-h7ct…` even as `-h`, help: exit 0, nothing done). `escaping` marks such values
/// before parsing, `parse` reads them back; a user may also write the `kid:` prefix.
public enum KidArgument {
  /// The marker put in front of a kid that starts with `-`.
  public static let prefix = "kid:"

  /// `arguments` with every value shaped like a kid (43 base64url characters) that starts with
  /// `-` given the `kid:` prefix. No option of apikeyctl is 43 characters long.
  public static func escaping(_ arguments: [String]) -> [String] {
    arguments.map { argument in
      guard argument.hasPrefix("-"), argument.utf8.count == 43,
        argument.utf8.allSatisfy({ isBase64URL($0) })
      else { return argument }
      return prefix + argument
    }
  }

  /// A kid as typed, without a `kid:` prefix.
  public static func parse(_ text: String) -> String {
    text.hasPrefix(prefix) ? String(text.dropFirst(prefix.count)) : text
  }

  private static func isBase64URL(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
      UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
      return true
    default:
      return false
    }
  }
}
