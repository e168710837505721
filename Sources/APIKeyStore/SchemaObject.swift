/// One row of `sqlite_master`: a table, index, trigger or view, with the SQL that made it.
struct SchemaObject: Hashable, Sendable, CustomStringConvertible {
  var type: String
  var name: String
  var table: String
  var sql: String?

  var description: String { "\(type) \(name) on \(table)" }
}
