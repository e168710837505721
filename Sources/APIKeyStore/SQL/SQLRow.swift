import APIKeyCore

/// A row a query returned: its columns by name, in order.
public struct SQLRow: Sendable {
  /// The column names, in the query's order.
  public let columns: [String]
  /// The values, one per column.
  public let values: [SQLValue]

  /// A row of `values` named by `columns`.
  public init(columns: [String], values: [SQLValue]) {
    self.columns = columns
    self.values = values
  }

  /// The value of `column`; `.null` for a column the query did not return.
  public func value(_ column: String) -> SQLValue {
    columns.firstIndex(of: column).map { values[$0] } ?? .null
  }

  /// The value of `column` as `T`; `dataLoss` naming the column when it holds another type (the
  /// database was changed outside apikeyserv).
  public subscript<T: SQLValueConvertible>(_ column: String) -> T {
    get throws {
      let value = value(column)
      guard let converted = T(sqlValue: value) else {
        throw APIKeyError.internalError(
          "column \(column) holds \(value.kind), not \(T.self): the database was changed outside apikeyserv"
        )
      }
      return converted
    }
  }
}

extension SQLValue {
  /// The value's type, for messages.
  var kind: String {
    switch self {
    case .null: "NULL"
    case .integer: "an integer"
    case .text: "text"
    case .blob: "a blob"
    }
  }
}
