/// An `IssueItem` waiting for its group commit, and its caller's answer.
final class PendingIssue: Sendable {
  let item: IssueItem
  let answer = StagedAnswer<IssueOutcome>()

  init(_ item: IssueItem) { self.item = item }
}
