extension Result where Failure == any Error {
  /// The outcome of `body`, its error kept rather than thrown.
  public init(catching body: () async throws -> Success) async {
    do { self = .success(try await body()) } catch { self = .failure(error) }
  }
}
