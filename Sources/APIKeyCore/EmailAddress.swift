/// E-mail syntax as Django's `EmailValidator` accepts it (dot-atom or quoted local part; a domain
/// of labels with a top-level label of two or more characters, or a bracketed IP literal).
public enum EmailAddress {
  private static let atomCharacters = Set(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+/=?^_`{}|~-"
      .unicodeScalars)

  /// True when `address` is a syntactically valid e-mail address.
  public static func isValid(_ address: String) -> Bool {
    guard let at = address.lastIndex(of: "@") else { return false }
    let local = address[..<at]
    let domain = address[address.index(after: at)...]
    return isValidLocalPart(local) && (isValidDomain(domain) || isValidLiteral(domain))
  }

  private static func isValidLocalPart(_ local: Substring) -> Bool {
    guard !local.isEmpty, local.utf8.count <= 64 else { return false }
    if local.hasPrefix("\""), local.hasSuffix("\""), local.count >= 2 {
      let inner = local.dropFirst().dropLast()
      return inner.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7f && $0 != "\"" }
    }
    return local.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { atom in
      !atom.isEmpty && atom.unicodeScalars.allSatisfy { atomCharacters.contains($0) }
    }
  }

  private static func isValidDomain(_ domain: Substring) -> Bool {
    let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
    guard labels.count >= 2, domain.utf8.count <= 253 else { return false }
    let labelsOK = labels.allSatisfy { label in
      !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
        && label.unicodeScalars.allSatisfy {
          $0.properties.isAlphabetic || ("0" ... "9").contains($0) || $0 == "-"
        }
    }
    // '!' is fine: labels has at least two elements.
    let top = labels.last!
    return labelsOK && top.count >= 2 && !top.allSatisfy(\.isNumber)
  }

  private static func isValidLiteral(_ domain: Substring) -> Bool {
    guard domain.hasPrefix("["), domain.hasSuffix("]") else { return false }
    let inner = domain.dropFirst().dropLast()
    let octets = inner.split(separator: ".", omittingEmptySubsequences: false)
    if octets.count == 4 { return octets.allSatisfy { UInt8($0) != nil } }
    return inner.hasPrefix("IPv6:") && inner.count > 5
  }
}
