import Foundation

/// Takes contact details out of text that comes from outside apikeyserv (a mail agent's error, a
/// message relayed from the daemon) before it is logged or passed on: no contact detail is ever
/// logged.
public enum Redaction {
  /// What stands in for a removed address.
  public static let placeholder = "<e-mail address>"

  /// `text` with every e-mail address in it, and each of `known` wherever it appears (in any
  /// case), replaced by the placeholder.
  public static func emailAddresses(in text: String, known: [String] = []) -> String {
    var text = text
    for address in known where !address.isEmpty {
      text = text.replacingOccurrences(of: address, with: placeholder, options: .caseInsensitive)
    }
    return text.replacing(addressPattern, with: placeholder)
  }

  /// Something@something, where neither side holds white space or the characters that usually
  /// surround an address in a message (`<>()[],;:"'`).
  nonisolated(unsafe) private static let addressPattern =
    /[^\s<>()\[\],;:"'@]+@[^\s<>()\[\],;:"'@]+/
}
