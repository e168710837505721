/// One batch of a verifier's report: who it is, the revision it verifies with, what it saw.
public struct UsageReport: Sendable, Equatable {
  /// Most entries in one batch.
  public static let maximumEntries = 10_000
  /// Longest verifier name and batch id.
  public static let maximumNameLength = 64
  /// Most characters of a kid.
  public static let maximumKidLength = 128
  /// Largest count of one entry (sums of them stay far inside 64 bits).
  public static let maximumCount: Int64 = 1_000_000_000

  /// The verifier's configured name.
  public var verifier: String
  /// Unique per batch: a batch sent again counts once.
  public var batchID: String
  /// The key-set revision (and its revocation list) the verifier holds; 0: none yet.
  public var revision: UInt64
  public var entries: [UsageEntry]

  /// A report as received; `validated()` checks it.
  public init(verifier: String, batchID: String, revision: UInt64, entries: [UsageEntry] = []) {
    self.verifier = verifier
    self.batchID = batchID
    self.revision = revision
    self.entries = entries
  }

  /// The report, checked; `invalidArgument` names the first bad field (an entry by its index).
  public func validated() throws(APIKeyError) -> UsageReport {
    try Self.checkName(verifier, field: "verifier")
    try Self.checkName(batchID, field: "batch_id")
    guard entries.count <= Self.maximumEntries else {
      throw .invalidArgument(
        field: "entries",
        reason: "holds \(entries.count) entries; at most \(Self.maximumEntries) per batch")
    }
    for (index, entry) in entries.enumerated() {
      let field = "entries[\(index)]"
      guard entry.keyID > 0 else {
        throw .invalidArgument(field: "\(field).key_id", reason: "must be a positive key id")
      }
      guard entry.count > 0, entry.count <= Self.maximumCount else {
        throw .invalidArgument(
          field: "\(field).count", reason: "must be between 1 and \(Self.maximumCount)")
      }
      guard entry.kid.utf8.count <= Self.maximumKidLength,
        entry.kid.utf8.allSatisfy({ Self.isNameByte($0) && $0 != UInt8(ascii: ".") })
      else {
        throw .invalidArgument(field: "\(field).kid", reason: "is not a kid (base64url)")
      }
      guard entry.firstSeen <= entry.lastSeen else {
        throw .invalidArgument(field: "\(field).first_seen", reason: "is after last_seen")
      }
    }
    return self
  }

  /// A verifier name or batch id: 1 to 64 of `A-Z a-z 0-9 . _ -`.
  public static func checkName(_ value: String, field: String) throws(APIKeyError) {
    guard !value.isEmpty, value.utf8.count <= maximumNameLength,
      value.utf8.allSatisfy(isNameByte)
    else {
      throw .invalidArgument(
        field: field, reason: "must be 1 to \(maximumNameLength) of A-Z a-z 0-9 . _ -")
    }
  }

  private static func isNameByte(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "a") ... UInt8(ascii: "z"), UInt8(ascii: "A") ... UInt8(ascii: "Z"),
      UInt8(ascii: "0") ... UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"),
      UInt8(ascii: "-"):
      return true
    default: return false
    }
  }
}
