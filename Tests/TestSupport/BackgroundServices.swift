public import ServiceLifecycle

/// Lifecycle services a test needs running (a store's group commit), for as long as this value
/// lives: started at once, cancelled when it goes away.
public final class BackgroundServices: Sendable {
  private let task: Task<Void, any Error>

  /// Starts `services`.
  public init(_ services: [any Service]) {
    task = Task {
      try await withThrowingDiscardingTaskGroup { group in
        for service in services { group.addTask { try await service.run() } }
      }
    }
  }

  deinit {
    task.cancel()
  }
}
