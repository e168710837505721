import APIKeyCore

/// The check both backends make before migrating: a database with a schema version this
/// apikeyserv does not know (a newer one wrote it) is refused, and left as it is.
public enum SchemaVersions {
  /// What is wrong when one of `applied` is not in `known`: "has schema v9, which this
  /// apikeyserv does not know (it knows v1, …): run a newer apikeyserv"; nil when all are known.
  public static func unknown(_ applied: some Collection<String>, known: [String]) -> String? {
    guard let unknown = Set(applied).subtracting(known).sorted().last else { return nil }
    return
      "has schema \(unknown), which this apikeyserv does not know (it knows \(known.joined(separator: ", "))): run a newer apikeyserv"
  }

  /// Throws `failedPrecondition` when one of `applied` is not in `known` (see `unknown`).
  public static func refuseUnknown(_ applied: some Collection<String>, known: [String]) throws {
    if let problem = unknown(applied, known: known) {
      throw APIKeyError.failedPrecondition("the database \(problem); the database was not changed")
    }
  }
}
