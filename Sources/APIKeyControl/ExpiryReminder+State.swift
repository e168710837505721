public import APIKeyRPC

extension Apikeyserv_V1_ExpiryReminder {
  /// The reminder's state in a few words: sent, due, failing (and why), or given up.
  public var stateText: String {
    if hasSentAt { return "sent \(Output.time(sentAt))" }
    guard hasNextAttemptAt else { return "not sent: \(lastError)" }
    if attempts == 0 { return "due \(Output.time(nextAttemptAt))" }
    return "FAILING (\(attempts) attempts, next \(Output.time(nextAttemptAt))): \(lastError)"
  }
}
