/// The few things SQLite and PostgreSQL spell differently.
public struct SQLDialect: Sendable {
  /// An expression that is the integer the text `expression` holds, or NULL when it holds none
  /// (SQLite's CAST gives 0 for such text, PostgreSQL's fails).
  public var integerFromText: @Sendable (_ expression: String) -> String

  /// A dialect with these spellings.
  public init(integerFromText: @escaping @Sendable (String) -> String) {
    self.integerFromText = integerFromText
  }

  /// SQLite's spellings.
  public static let sqlite = SQLDialect(integerFromText: { "CAST(\($0) AS INTEGER)" })
}
