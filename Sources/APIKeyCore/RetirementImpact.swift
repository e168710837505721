/// What retiring a signing key breaks: the API keys (not revoked) whose every still-valid token
/// is signed by it, counted by organisation.
public struct RetirementImpact: Sendable, Equatable {
  /// Affected keys per organisation, most affected first (ties by name).
  public let organisations: [(organisation: String, keys: Int)]

  /// The impact on `records`.
  public init(affected records: [KeyRecord]) {
    var counts: [String: Int] = [:]
    for record in records { counts[record.contact.organisation, default: 0] += 1 }
    organisations = counts.map { ($0.key, $0.value) }.sorted {
      $0.keys != $1.keys ? $0.keys > $1.keys : $0.organisation < $1.organisation
    }
  }

  /// The number of affected API keys.
  public var affectedKeys: Int { organisations.reduce(0) { $0 + $1.keys } }

  public static func == (lhs: Self, rhs: Self) -> Bool {
    lhs.organisations.elementsEqual(rhs.organisations) { $0 == $1 }
  }
}
