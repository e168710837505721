import Foundation

/// An e-mail address with an optional display name, as a From header names a sender
/// (`API keys <noreply@example.org>`, `"Gemeente, Data" <data@example.org>`, or the bare address).
public struct Mailbox: Sendable, Equatable {
  /// The name shown, when given.
  public let displayName: String?
  /// The address.
  public let address: String

  /// `text` read as a mailbox; nil when its address is not valid or it holds control characters
  /// (a line break would start another header).
  public init?(_ text: String) {
    let text = text.trimmingCharacters(in: .whitespaces)
    guard !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
    else { return nil }
    if text.hasSuffix(">"), let open = text.lastIndex(of: "<") {
      let address = String(text[text.index(after: open) ..< text.index(before: text.endIndex)])
      var name = text[..<open].trimmingCharacters(in: .whitespaces)
      if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") {
        name = String(name.dropFirst().dropLast())
      }
      guard EmailAddress.isValid(address), !name.contains("\"") else { return nil }
      displayName = name.isEmpty ? nil : name
      self.address = address
    } else {
      guard EmailAddress.isValid(text) else { return nil }
      displayName = nil
      address = text
    }
  }

  /// The mailbox as a header writes it: the name quoted (or, outside ASCII, encoded as RFC 2047
  /// says), then the address in angle brackets.
  public var header: String {
    guard let displayName else { return address }
    let name =
      displayName.unicodeScalars.allSatisfy(\.isASCII)
      ? "\"\(displayName)\"" : "=?UTF-8?B?\(Data(displayName.utf8).base64EncodedString())?="
    return "\(name) <\(address)>"
  }
}
