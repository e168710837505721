public import Foundation

/// One state change, as written to the audit trail in the same transaction as the change.
/// Holds ids and kids only: no contact data, no tokens.
public struct AuditEntry: Sendable, Equatable {
  public var at: Date
  /// What happened, e.g. `issue_key`, `retire_signing_key`.
  public var action: String
  /// What it happened to: an API key id or a kid.
  public var target: String
  /// `ok`, or a short reason.
  public var outcome: String
  /// Who asked, as far as the transport can tell.
  public var caller: String

  /// An entry to append; the store chains it.
  public init(at: Date, action: String, target: String, outcome: String = "ok", caller: String) {
    self.at = at
    self.action = action
    self.target = target
    self.outcome = outcome
    self.caller = caller
  }
}
