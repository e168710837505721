@testable import APIKeyService

/// `caller: "t"` in tests: the daemon acting under that name, which the audit trail records as is.
extension Caller: ExpressibleByStringLiteral {
  public init(stringLiteral value: String) {
    self = .daemon(value)
  }
}
