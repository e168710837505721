public import APIKeyRPC
import Foundation
public import SwiftProtobuf

/// How apikeyctl prints answers: aligned text for people, protobuf JSON for scripts.
public struct Output: Sendable {
  /// Print JSON instead of text.
  public let json: Bool

  /// An output in the chosen mode.
  public init(json: Bool) {
    self.json = json
  }

  /// Prints `message` as one JSON object: the protobuf JSON mapping with snake_case names, so
  /// fields at their default value (0, false, empty) are left out.
  public func printJSON(_ message: some SwiftProtobuf.Message) throws {
    print(try message.jsonString(options: Self.jsonOptions))
  }

  /// The protobuf JSON mapping with snake_case names and 64-bit integers as strings.
  static var jsonOptions: JSONEncodingOptions {
    var options = JSONEncodingOptions()
    options.preserveProtoFieldNames = true
    options.alwaysPrintInt64sAsNumbers = false
    return options
  }

  /// Prints the fields of several messages as one JSON object (their fields must not clash), as
  /// `printJSON` prints one.
  public func printJSON(merging messages: [any SwiftProtobuf.Message]) throws {
    let bodies = try messages.map { try $0.jsonString(options: Self.jsonOptions) }
      .map { String($0.dropFirst().dropLast()) }.filter { !$0.isEmpty }
    print("{" + bodies.joined(separator: ",") + "}")
  }

  /// Prints a key record as `name: value` lines, with `extra` lines after them; an erased key's
  /// details say "erased".
  public func printText(_ key: Apikeyserv_V1_KeyRecord, extra: [(String, String)] = []) {
    let erased = key.hasErasedAt
    let contact: [(String, String)] =
      erased
      ? [("erased", Self.time(key.erasedAt)), ("email", "(erased)"), ("organisation", "(erased)")]
      : [
        ("email", key.email), ("organisation", key.organisation),
        ("contact_name", key.contactName), ("email_2", key.email2),
        ("contact_name_2", key.contactName2), ("department", key.department),
      ]
    let rows: [(String, String)] =
      [("id", "\(key.id)")] + contact + [
        ("created", Self.time(key.createdAt)), ("modified", Self.time(key.modifiedAt)),
        ("expires", key.hasExpiresAt ? Self.time(key.expiresAt) : "never"),
        ("sent", key.sent ? "yes" : "no"),
        ("revoked", key.hasRevokedAt ? Self.time(key.revokedAt) : "no"),
      ] + (key.reason.isEmpty ? [] : [("reason", key.reason)])
      + (key.name.isEmpty ? [] : [("name", key.name)])
      + (key.tags.isEmpty
        ? []
        : [
          (
            "tags",
            key.tags.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(
              separator: ", ")
          )
        ])
    printRows(rows + extra)
  }

  /// Prints `name: value` lines with the values aligned.
  public func printRows(_ rows: [(String, String)]) {
    let width = rows.map(\.0.count).max() ?? 0
    for (name, value) in rows {
      print("\(name):".padding(toLength: width + 2, withPad: " ", startingAt: 0) + value)
    }
  }

  /// Prints a table with a header row; columns padded to their widest cell.
  public func printTable(header: [String], rows: [[String]]) {
    let widths = header.indices.map { column in
      ([header] + rows).map { $0[column].count }.max() ?? 0
    }
    for row in [header] + rows {
      let cells = row.enumerated().map { index, cell in
        index == row.count - 1
          ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
      }
      print(cells.joined(separator: "  "))
    }
  }

  /// Prints a page of key records as a table.
  public func printKeyTable(_ keys: [Apikeyserv_V1_KeyRecord]) {
    printTable(
      header: ["ID", "ORGANISATION", "EMAIL", "CREATED", "EXPIRES", "SENT", "REVOKED", "NAME"],
      rows: keys.map {
        [
          "\($0.id)", $0.hasErasedAt ? "(erased)" : $0.organisation,
          $0.hasErasedAt ? "(erased)" : $0.email, Self.time($0.createdAt),
          $0.hasExpiresAt ? Self.time($0.expiresAt) : "never", $0.sent ? "yes" : "no",
          $0.hasRevokedAt ? Self.time($0.revokedAt) : "no", $0.name,
        ]
      })
  }

  /// A timestamp as ISO 8601 UTC.
  public static func time(_ timestamp: Google_Protobuf_Timestamp) -> String {
    timestamp.date.ISO8601Format()
  }

  /// Writes a line to standard error (details that should not pollute a piped stdout).
  public func note(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
  }
}
