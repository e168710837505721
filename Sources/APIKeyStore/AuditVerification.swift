/// The result of checking the audit trail's hash chain.
public struct AuditVerification: Sendable, Equatable {
  /// Rows checked.
  public var checked: Int
  /// The first row that breaks the chain, and what is wrong with it; nil when intact.
  public var firstBroken: (seq: Int64, problem: String)?
  /// The hash of the last row (32 zero bytes for an empty trail).
  public var head: [UInt8]
  /// Rows of signing keys and API keys whose security state does not match its MAC or the audit
  /// trail, each named; the daemon treats them as retired or revoked.
  public var stateProblems: [String]

  /// The outcome of checking `checked` rows, as the store computed it.
  public init(
    checked: Int, firstBroken: (seq: Int64, problem: String)?, head: [UInt8],
    stateProblems: [String] = []
  ) {
    self.checked = checked
    self.firstBroken = firstBroken
    self.head = head
    self.stateProblems = stateProblems
  }

  /// True when every row matches, none is missing, and the security state is as sealed.
  public var isIntact: Bool { firstBroken == nil && stateProblems.isEmpty }

  public static func == (lhs: Self, rhs: Self) -> Bool {
    lhs.checked == rhs.checked && lhs.head == rhs.head && lhs.stateProblems == rhs.stateProblems
      && lhs.firstBroken?.seq == rhs.firstBroken?.seq
      && lhs.firstBroken?.problem == rhs.firstBroken?.problem
  }
}
