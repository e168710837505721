import APIKeyCore
import APIKeyStore

/// What waits for the service's group commit (`KeyService.writes`): a new key or a usage report.
/// Both share one queue, so a report rides in the transaction (and the fsync) of the keys issued
/// beside it instead of paying for its own.
enum PendingWrite: Sendable {
  case key(PendingKey)
  case report(ReceivedReport)

  /// What the group commit did with one pending write.
  enum Outcome: Sendable {
    case key(IssueOutcome)
    case report(UsageReceipt)
  }
}

extension GroupCommit where Item == PendingWrite, Outcome == PendingWrite.Outcome {
  /// Queues the new key `key`; its outcome once its batch is committed.
  func submit(key: PendingKey) async throws -> IssueOutcome {
    guard case .key(let outcome) = try await submit(.key(key)) else {
      throw APIKeyError.internalError("a new key was answered as a usage report")
    }
    return outcome
  }

  /// Queues the usage report `report`; what was counted once its batch is committed.
  func submit(report: ReceivedReport) async throws -> UsageReceipt {
    guard case .report(let receipt) = try await submit(.report(report)) else {
      throw APIKeyError.internalError("a usage report was answered as a key")
    }
    return receipt
  }
}
