public import Hummingbird

/// A request context that carries the subject (API key id) of a verified key to handlers.
public protocol APIKeyRequestContext: RequestContext {
  /// The `sub` of the request's verified API key; nil when none was presented.
  var apiKeySubject: String? { get set }
}

/// A ready-made context for services that need nothing else.
public struct BasicAPIKeyRequestContext: APIKeyRequestContext {
  public var coreContext: CoreRequestContextStorage
  public var apiKeySubject: String?

  public init(source: ApplicationRequestContextSource) {
    self.coreContext = .init(source: source)
    self.apiKeySubject = nil
  }
}
