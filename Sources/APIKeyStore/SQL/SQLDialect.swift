/// The few things SQLite and PostgreSQL spell differently.
public struct SQLDialect: Sendable {
  /// An expression that is the integer the text `expression` holds, or NULL when it holds none
  /// (SQLite's CAST gives 0 for such text, PostgreSQL's fails).
  public var integerFromText: @Sendable (_ expression: String) -> String
  /// A query whose one row's `bytes` column is the size of the database on disk.
  public var databaseSize: String

  /// A dialect with these spellings.
  public init(
    integerFromText: @escaping @Sendable (String) -> String, databaseSize: String
  ) {
    self.integerFromText = integerFromText
    self.databaseSize = databaseSize
  }

  /// SQLite's spellings (the WAL, at most a checkpoint's worth, is not counted).
  public static let sqlite = SQLDialect(
    integerFromText: { "CAST(\($0) AS INTEGER)" },
    databaseSize:
      "SELECT page_count * page_size AS bytes FROM pragma_page_count(), pragma_page_size()")
}
