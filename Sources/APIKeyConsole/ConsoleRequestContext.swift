public import Hummingbird

/// A console request's context: Hummingbird's basics and, once `ConsoleAccess` let it in, the
/// session it belongs to (the cookie's value, whose CSRF token the forms carry).
public struct ConsoleRequestContext: RequestContext {
  public var coreContext: CoreRequestContextStorage
  /// The live session's token; nil before `ConsoleAccess` checked it.
  var session: String?

  public init(source: ApplicationRequestContextSource) {
    coreContext = .init(source: source)
  }
}
