public import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
public import Logging
import Synchronization

/// Fetches a JWKS over HTTP(S): every `interval` (one hour, as the original's client), every
/// `retryInterval` (5 s) while it has no keys, and at once — at most every
/// `minimumRefreshInterval` — when a token names a kid it does not know. Conditional requests
/// with `If-None-Match`; a failed refresh keeps the last good keys.
public struct HTTPKeySetProvider: KeySetProvider {
  public var url: URL
  public var interval: Duration
  public var retryInterval: Duration
  public var minimumRefreshInterval: Duration
  public var timeout: TimeInterval
  let logger: Logger

  /// A provider for the JWKS at `url`.
  public init(
    url: URL, interval: Duration = .seconds(3600), retryInterval: Duration = .seconds(5),
    minimumRefreshInterval: Duration = .seconds(10), timeout: TimeInterval = 5,
    logger: Logger = Logger(label: "apikeyclient")
  ) {
    self.url = url
    self.interval = interval
    self.retryInterval = retryInterval
    self.minimumRefreshInterval = minimumRefreshInterval
    self.timeout = timeout
    self.logger = logger
  }

  public func run(updating keySet: KeySet) async {
    let state = ProviderState(source: url.absoluteString, logger: logger)
    let refreshRequested = Mutex(false)
    keySet.onUnknownKey { refreshRequested.withLock { $0 = true } }
    var etag: String?
    let clock = ContinuousClock()
    while !Task.isCancelled {
      let fetchedAt = clock.now
      do {
        etag = try await fetch(into: keySet, etag: etag)
        state.succeeded(keyCount: keySet.keys.count)
      } catch {
        state.failed("\(error)", keepsKeys: keySet.keys.count > 0)
      }
      // Until the next scheduled refresh, or earlier when a token named an unknown kid (but not
      // sooner than minimumRefreshInterval after the last fetch).
      let next = fetchedAt + (keySet.keys.count > 0 ? interval : retryInterval)
      let earliest = fetchedAt + minimumRefreshInterval
      refreshRequested.withLock { $0 = false }
      while clock.now < next && !Task.isCancelled {
        if clock.now >= earliest && refreshRequested.withLock({ $0 }) { break }
        try? await Task.sleep(for: min(.milliseconds(100), next - clock.now))
      }
    }
  }

  /// One conditional GET; returns the entity tag to send next time.
  private func fetch(into keySet: KeySet, etag: String?) async throws -> String? {
    var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
    if let etag, keySet.keys.count > 0 { request.setValue(etag, forHTTPHeaderField: "If-None-Match") }
    request.setValue("application/jwk-set+json, application/json", forHTTPHeaderField: "Accept")
    let (data, response) = try await URLSession.shared.data(for: request)
    guard let http = response as? HTTPURLResponse else { throw ProviderFailure("not an HTTP response") }
    switch http.statusCode {
    case 304:
      return etag
    case 200:
      let keys = try KeySnapshot(jwks: Array(data))
      guard keys.count > 0 else { throw ProviderFailure("the JWKS holds no Ed25519 keys") }
      keySet.replace(keys)
      return http.value(forHTTPHeaderField: "ETag")
    default:
      throw ProviderFailure("HTTP \(http.statusCode)")
    }
  }
}

/// Why a provider could not refresh.
struct ProviderFailure: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}
