/// The result of checking the audit trail's hash chain.
public struct AuditVerification: Sendable, Equatable {
  /// Rows checked.
  public var checked: Int
  /// The first row that breaks the chain, and what is wrong with it; nil when intact.
  public var firstBroken: (seq: Int64, problem: String)?
  /// The hash of the last row (32 zero bytes for an empty trail).
  public var head: [UInt8]

  /// A result.
  public init(checked: Int, firstBroken: (seq: Int64, problem: String)?, head: [UInt8]) {
    self.checked = checked
    self.firstBroken = firstBroken
    self.head = head
  }

  /// True when every row matches and none is missing.
  public var isIntact: Bool { firstBroken == nil }

  public static func == (lhs: Self, rhs: Self) -> Bool {
    lhs.checked == rhs.checked && lhs.head == rhs.head
      && lhs.firstBroken?.seq == rhs.firstBroken?.seq
      && lhs.firstBroken?.problem == rhs.firstBroken?.problem
  }
}
