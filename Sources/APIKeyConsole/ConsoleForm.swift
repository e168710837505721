import APIKeyCore
import Foundation
import Hummingbird

/// A posted form's fields: urlencoded, or multipart (a signing key's PEM uploaded as a file).
/// The first value of a repeated name counts. Bodies over `maximumSize` are refused unread.
struct ConsoleForm: Sendable {
  /// The largest body read: a form with a PEM file is a few kilobytes.
  static let maximumSize = 64 * 1024

  private(set) var fields: [String: String] = [:]

  /// The value of `name`, trimmed of surrounding white space; nil when absent or blank.
  subscript(_ name: String) -> String? {
    guard let value = fields[name]?.trimmingCharacters(in: .whitespacesAndNewlines),
      !value.isEmpty
    else { return nil }
    return value
  }

  init(fields: [String: String]) { self.fields = fields }

  /// The form in `request`'s body; nil when it is too large or not a form.
  static func read(_ request: Request) async -> ConsoleForm? {
    guard let buffer = try? await request.body.collect(upTo: maximumSize) else { return nil }
    let body = Array(buffer.readableBytesView)
    let type = request.headers[.contentType] ?? ""
    if type.lowercased().hasPrefix("multipart/form-data") {
      guard let boundary = parameter("boundary", of: type) else { return nil }
      return multipart(body, boundary: boundary)
    }
    return ConsoleForm(urlencoded: String(decoding: body, as: UTF8.self))
  }

  /// The fields of `application/x-www-form-urlencoded` text (or a query string).
  init(urlencoded text: String) { fields = URLEncoded.pairs(text) }

  /// A `; name=value` parameter of a header value.
  static func parameter(_ name: String, of header: String) -> String? {
    for part in header.split(separator: ";").dropFirst() {
      let pair = part.split(separator: "=", maxSplits: 1)
      guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == name
      else { continue }
      return pair[1].trimmingCharacters(in: .whitespaces).trimmingCharacters(
        in: CharacterSet(charactersIn: "\""))
    }
    return nil
  }

  /// The parts of a `multipart/form-data` body, by their `name`; nil when it is malformed.
  static func multipart(_ body: [UInt8], boundary: String) -> ConsoleForm? {
    let delimiter = Array("--\(boundary)".utf8)
    var form = ConsoleForm(fields: [:])
    var parts = split(body, on: delimiter)
    guard parts.count >= 2 else { return nil }
    parts.removeFirst()  // the preamble
    for part in parts {
      // "--" after the last delimiter ends the body.
      if part.starts(with: Array("--".utf8)) { break }
      let separator = Array("\r\n\r\n".utf8)
      guard let split = firstRange(of: separator, in: part) else { return nil }
      let head = String(decoding: part[..<split.lowerBound], as: UTF8.self)
      var content = Array(part[split.upperBound...])
      if content.suffix(2) == Array("\r\n".utf8) { content.removeLast(2) }
      guard
        let disposition = head.split(separator: "\r\n").first(where: {
          $0.lowercased().hasPrefix("content-disposition:")
        }), let name = parameter("name", of: String(disposition))
      else { return nil }
      if form.fields[name] == nil { form.fields[name] = String(decoding: content, as: UTF8.self) }
    }
    return form
  }

  private static func split(_ bytes: [UInt8], on delimiter: [UInt8]) -> [ArraySlice<UInt8>] {
    var parts: [ArraySlice<UInt8>] = []
    var rest = bytes[...]
    while let range = firstRange(of: delimiter, in: rest) {
      parts.append(rest[..<range.lowerBound])
      rest = rest[range.upperBound...]
    }
    parts.append(rest)
    return parts
  }

  private static func firstRange(
    of needle: [UInt8], in haystack: ArraySlice<UInt8>
  ) -> Range<Int>? {
    guard needle.count <= haystack.count else { return nil }
    var index = haystack.startIndex
    while index + needle.count <= haystack.endIndex {
      if haystack[index] == needle[0],
        haystack[index ..< index + needle.count].elementsEqual(needle)
      {
        return index ..< index + needle.count
      }
      index += 1
    }
    return nil
  }
}
