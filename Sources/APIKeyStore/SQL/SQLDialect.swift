/// The few things SQLite and PostgreSQL spell differently.
public struct SQLDialect: Sendable {
  /// A query whose one row's `bytes` column is the size of the database on disk.
  public var databaseSize: String

  /// A dialect with these spellings.
  public init(databaseSize: String) {
    self.databaseSize = databaseSize
  }

  /// SQLite's spellings (the WAL, at most a checkpoint's worth, is not counted).
  public static let sqlite = SQLDialect(
    databaseSize:
      "SELECT page_count * page_size AS bytes FROM pragma_page_count(), pragma_page_size()")
}
