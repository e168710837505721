public import ArgumentParser

/// A signing key's kid on the command line, with or without a `kid:` prefix. A kid is base64url,
/// so one in 64 starts with `-` and would be read as options (`-h7ct…` even as `-h`, help: exit
/// 0, nothing done); `escaping` gives such values the prefix before parsing.
public struct KidArgument: ExpressibleByArgument, Sendable {
  /// The marker put in front of a kid that starts with `-`.
  public static let prefix = "kid:"

  /// The kid, without the prefix.
  public let kid: String

  public init?(argument text: String) {
    let kid = text.hasPrefix(Self.prefix) ? String(text.dropFirst(Self.prefix.count)) : text
    guard !kid.isEmpty else { return nil }
    self.kid = kid
  }

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

  private static func isBase64URL(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "A") ... UInt8(ascii: "Z"), UInt8(ascii: "a") ... UInt8(ascii: "z"),
      UInt8(ascii: "0") ... UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
      return true
    default:
      return false
    }
  }
}
