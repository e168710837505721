/// A transaction of a backend: statements run in it one after another, on one connection. The SQL
/// is the part both backends understand (SQLite 3.35 and PostgreSQL 13 on), with `?` for each
/// argument; anything else goes through `SQLDialect`.
public protocol SQLTransaction {
  /// What the backend spells its own way.
  var dialect: SQLDialect { get }
  /// Runs a statement that returns no rows; returns how many rows it inserted, updated or
  /// deleted.
  @discardableResult
  func execute(_ sql: String, _ arguments: [SQLValue]) throws -> Int
  /// Runs a query and returns all of its rows.
  func rows(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow]
}

extension SQLTransaction {
  /// Runs a statement with its arguments; returns how many rows it changed.
  @discardableResult
  public func execute(_ sql: String, _ arguments: [any SQLValueConvertible] = []) throws -> Int {
    try execute(sql, arguments.map(\.sqlValue))
  }

  /// The rows of a query with its arguments.
  public func rows(_ sql: String, _ arguments: [any SQLValueConvertible] = []) throws -> [SQLRow] {
    try rows(sql, arguments.map(\.sqlValue))
  }

  /// The first row of a query, if any.
  public func row(_ sql: String, _ arguments: [any SQLValueConvertible] = []) throws -> SQLRow? {
    try rows(sql, arguments.map(\.sqlValue)).first
  }

  /// The first column of a query's first row, if there is a row and it is not NULL.
  public func value<T: SQLValueConvertible>(
    _ sql: String, _ arguments: [any SQLValueConvertible] = [], as type: T.Type = T.self
  ) throws -> T? {
    guard let row = try row(sql, arguments), let first = row.columns.first else { return nil }
    let value: T? = try row[first]
    return value
  }

  /// The first column of every row of a query.
  public func column<T: SQLValueConvertible>(
    _ sql: String, _ arguments: [any SQLValueConvertible] = [], as type: T.Type = T.self
  ) throws -> [T] {
    try rows(sql, arguments).map { row in try row[row.columns.first ?? ""] }
  }

  /// Runs `body` in a savepoint: when it throws, what it wrote is undone and the transaction goes
  /// on without it.
  public func inSavepoint<T>(_ body: () throws -> T) throws -> T {
    try execute("SAVEPOINT write")
    do {
      let result = try body()
      try execute("RELEASE SAVEPOINT write")
      return result
    } catch {
      try execute("ROLLBACK TO SAVEPOINT write")
      try execute("RELEASE SAVEPOINT write")
      throw error
    }
  }
}
