import APIKeyCore
import APIKeyStore
import Logging
import NIOCore
import PostgresNIO

/// A transaction of `PostgresBackend`: statements on one leased connection, each waited for on
/// the transaction's own thread.
struct PostgresTransaction: SQLTransaction {
  let connection: PostgresConnection
  let logger: Logger

  var dialect: SQLDialect { .postgres }

  func execute(_ sql: String, _ arguments: [SQLValue]) throws {
    _ = try run(sql, arguments)
  }

  func rows(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow] {
    let result = try run(sql, arguments)
    var columns: [String]?
    return try result.rows.map { row in
      let cells = Array(row)
      let names = columns ?? cells.map(\.columnName)
      columns = names
      return SQLRow(columns: names, values: try cells.map(Self.value))
    }
  }

  private func run(_ sql: String, _ arguments: [SQLValue]) throws -> PostgresQueryResult {
    var binds = PostgresBindings(capacity: arguments.count)
    for argument in arguments {
      switch argument {
      case .null: binds.appendNull()
      case .integer(let number): binds.append(number)
      case .text(let text): binds.append(text)
      case .blob(let bytes): binds.append(ByteBuffer(bytes: bytes))
      }
    }
    let query = PostgresQuery(unsafeSQL: Self.numberingPlaceholders(sql), binds: binds)
    do {
      return try connection.query(query, logger: logger).wait()
    } catch {
      throw PostgresFailure.map(error)
    }
  }

  /// `sql` with each `?` outside a quoted string or identifier as `$1`, `$2`, …
  static func numberingPlaceholders(_ sql: String) -> String {
    var result = ""
    var number = 0
    var quote: Character?
    for character in sql {
      if let open = quote {
        if character == open { quote = nil }
        result.append(character)
      } else if character == "'" || character == "\"" {
        quote = character
        result.append(character)
      } else if character == "?" {
        number += 1
        result += "$\(number)"
      } else {
        result.append(character)
      }
    }
    return result
  }

  /// A cell as one of the store's value types.
  static func value(_ cell: PostgresCell) throws -> SQLValue {
    guard cell.bytes != nil else { return .null }
    switch cell.dataType {
    case .int2, .int4, .int8: return .integer(try cell.decode(Int64.self))
    case .bool: return .integer(try cell.decode(Bool.self) ? 1 : 0)
    case .bytea:
      var buffer = try cell.decode(ByteBuffer.self)
      return .blob(buffer.readBytes(length: buffer.readableBytes) ?? [])
    default: return .text(try cell.decode(String.self))
    }
  }
}

extension SQLDialect {
  /// PostgreSQL's spellings.
  static let postgres = SQLDialect(integerFromText: { expression in
    "(CASE WHEN \(expression) ~ '^[0-9]{1,18}$' THEN CAST(\(expression) AS BIGINT) END)"
  })
}
