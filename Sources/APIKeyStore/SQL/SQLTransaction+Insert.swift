/// Multi-row inserts: one statement per `rowsPerStatement` rows instead of one per row.
extension SQLTransaction {
  /// Rows per INSERT statement (below both backends' limits on arguments).
  static var rowsPerStatement: Int { 100 }

  /// Inserts `rows` (values in the order of `columns`) into `table`.
  public func insertRows(into table: String, columns: [String], _ rows: [[SQLValue]]) throws {
    _ = try insertRows(into: table, columns: columns, rows, returning: nil)
  }

  /// Inserts `rows` into `table` with the clause `returning` after the values (`ON CONFLICT …
  /// RETURNING column`); returns the integer column the inserted rows return.
  public func insertRows(
    into table: String, columns: [String], _ rows: [[SQLValue]], returning clause: String?
  ) throws -> Set<Int64> {
    let row = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
    var returned: Set<Int64> = []
    var start = 0
    while start < rows.count {
      let chunk = rows[start ..< min(start + Self.rowsPerStatement, rows.count)]
      let sql = """
        INSERT INTO \(table) (\(columns.joined(separator: ", ")))
        VALUES \(Array(repeating: row, count: chunk.count).joined(separator: ", ")) \(clause ?? "")
        """
      let values = chunk.flatMap { $0 }
      if clause == nil {
        try execute(sql, values)
      } else {
        returned.formUnion(try self.rows(sql, values).map { row in try row[row.columns[0]] })
      }
      start += Self.rowsPerStatement
    }
    return returned
  }
}
