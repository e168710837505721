public import Foundation

/// Which audit entries a listing returns; every filter set must match.
public struct AuditFilter: Sendable, Equatable {
  /// Entries at or after this time.
  public var since: Date?
  /// Entries before this time.
  public var until: Date?
  /// Entries about this target exactly (an API key id, a kid).
  public var target: String?
  /// Entries of this action exactly (`revoke_key`, `issue_key`, …).
  public var action: String?
  /// Newest first (the sequence descending) instead of oldest first; a page then continues
  /// before its sequence instead of after it.
  public var newestFirst = false

  /// A filter; nil everywhere matches every entry.
  public init(
    since: Date? = nil, until: Date? = nil, target: String? = nil, action: String? = nil
  ) {
    self.since = since
    self.until = until
    self.target = target
    self.action = action
  }
}
