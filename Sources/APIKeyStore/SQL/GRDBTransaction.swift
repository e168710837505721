import Foundation
import GRDB

/// A transaction of `SQLiteBackend`: statements on GRDB's connection.
struct GRDBTransaction: SQLTransaction {
  let db: Database

  var dialect: SQLDialect { .sqlite }

  func execute(_ sql: String, _ arguments: [SQLValue]) throws -> Int {
    try db.execute(sql: sql, arguments: StatementArguments(arguments.map(Self.databaseValue)))
    return db.changesCount
  }

  func rows(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow] {
    let statement = try db.cachedStatement(sql: sql)
    let columns = statement.columnNames
    return try Row.fetchAll(
      statement, arguments: StatementArguments(arguments.map(Self.databaseValue))
    ).map { row in
      SQLRow(columns: columns, values: row.databaseValues.map(Self.value))
    }
  }

  static func databaseValue(_ value: SQLValue) -> DatabaseValue {
    switch value {
    case .null: .null
    case .integer(let number): number.databaseValue
    case .text(let text): text.databaseValue
    case .blob(let bytes): Data(bytes).databaseValue
    }
  }

  static func value(_ value: DatabaseValue) -> SQLValue {
    switch value.storage {
    case .null: .null
    case .int64(let number): .integer(number)
    // No column of the schema holds a real; keep one someone wrote as its text.
    case .double(let number): .text("\(number)")
    case .string(let text): .text(text)
    case .blob(let data): .blob(Array(data))
    }
  }
}
