public import Foundation
public import Logging
import Synchronization

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Fetches a JWKS over HTTP(S), and apikeyserv's revocation list next to it:
/// - the revocation list every `revocationInterval` (one minute), conditionally;
/// - the JWKS every `interval` (one hour, as the original's client), every `retryInterval` (5 s)
///   while it has no keys, whenever the revocation list changed (the two change together, so a new
///   key is seen within `revocationInterval` too), and at once — at most every
///   `minimumRefreshInterval` — when a token names a kid it does not know.
/// Requests carry `If-None-Match`. A valid JWKS with no keys means there are none: every token
/// fails (`.noKeys`). Only a failed request or an unreadable document keeps the last good keys
/// and list, and only for `maximumStaleness` (6 hours by default) after the last successful
/// refresh: then every verification fails with `.stale` until a refresh succeeds. A server
/// without a revocation list (404) is fine: nothing is revoked.
public struct HTTPKeySetProvider: KeySetProvider {
  /// The default `maximumStaleness`: long enough to ride out an outage of the bridge or daemon of
  /// a few hours without rejecting every request (six hourly JWKS refreshes, 360 revocation-list
  /// checks), short enough that a key revoked or retired during such an outage, which this
  /// verifier cannot learn about, stops working the same day.
  public static let defaultMaximumStaleness = Duration.seconds(6 * 3600)

  public var url: URL
  /// Where the revocation list is (`revocationPath` resolved against `url`). Nil: not fetched.
  public var revocationURL: URL?
  public var interval: Duration
  public var revocationInterval: Duration
  public var retryInterval: Duration
  public var minimumRefreshInterval: Duration
  public var timeout: TimeInterval
  /// How long the last good keys and revocation list may be used without a successful refresh;
  /// nil: for ever (the original's behaviour, not recommended).
  public var maximumStaleness: Duration?
  /// The set `run()` keeps current.
  public let keySet: KeySet
  let logger: Logger

  /// A provider for the JWKS at `url`, and the revocation list at `revocationPath` on the same
  /// server (nil: none), keeping `keySet` current.
  public init(
    url: URL, revocationPath: String? = "/revoked", interval: Duration = .seconds(3600),
    revocationInterval: Duration = .seconds(60), retryInterval: Duration = .seconds(5),
    minimumRefreshInterval: Duration = .seconds(10), timeout: TimeInterval = 5,
    maximumStaleness: Duration? = HTTPKeySetProvider.defaultMaximumStaleness,
    keySet: KeySet = KeySet(), logger: Logger = Logger(label: "apikeyclient")
  ) {
    self.keySet = keySet
    self.maximumStaleness = maximumStaleness
    self.url = url
    self.revocationURL = revocationPath.flatMap { URL(string: $0, relativeTo: url)?.absoluteURL }
    self.interval = interval
    self.revocationInterval = revocationInterval
    self.retryInterval = retryInterval
    self.minimumRefreshInterval = minimumRefreshInterval
    self.timeout = timeout
    self.logger = logger
  }

  public func run(updating keySet: KeySet) async {
    let state = ProviderState(source: url.absoluteString, logger: logger)
    let refreshRequested = Mutex(false)
    keySet.onUnknownKey { refreshRequested.withLock { $0 = true } }
    var keysTag: String?
    var listTag: String?
    let clock = ContinuousClock()
    var nextKeys = clock.now
    var lastKeysFetch: ContinuousClock.Instant?
    // Wall-clock times of the last successful refresh of each document (a 304 counts).
    let started = Date()
    var keysConfirmed = started
    var listConfirmed = started
    // Without a revocation list to confirm the keys every revocationInterval, the JWKS itself
    // must be fetched often enough to stay within the maximum staleness.
    let keysInterval =
      revocationURL == nil ? maximumStaleness.map { min(interval, $0 / 2) } ?? interval : interval
    func updateFreshness() {
      guard let maximumStaleness else { return }
      let confirmed = revocationURL == nil ? keysConfirmed : min(keysConfirmed, listConfirmed)
      keySet.freshUntil =
        confirmed + TimeInterval(maximumStaleness.components.seconds)
        + TimeInterval(maximumStaleness.components.attoseconds) / 1e18
    }
    updateFreshness()
    // A token named an unknown kid, and the last JWKS fetch is minimumRefreshInterval old.
    func earlyRefreshDue(at now: ContinuousClock.Instant) -> Bool {
      refreshRequested.withLock { $0 }
        && lastKeysFetch.map { now >= $0 + minimumRefreshInterval } ?? true
    }
    while !Task.isCancelled {
      var listChanged = false
      if let revocationURL {
        do {
          (listTag, listChanged) = try await fetchRevocations(
            from: revocationURL, into: keySet, etag: listTag)
          listConfirmed = Date()
        } catch {
          state.failed("revocation list: \(error)", keepsKeys: keySet.keys.count > 0)
        }
      }
      let now = clock.now
      if now >= nextKeys || (listChanged && lastKeysFetch != nil) || earlyRefreshDue(at: now) {
        refreshRequested.withLock { $0 = false }
        lastKeysFetch = now
        do {
          keysTag = try await fetchKeys(into: keySet, etag: keysTag)
          keysConfirmed = Date()
          state.succeeded(keyCount: keySet.keys.count)
        } catch {
          state.failed("\(error)", keepsKeys: keySet.keys.count > 0)
        }
        nextKeys = now + (keySet.keys.count > 0 ? keysInterval : retryInterval)
      }
      updateFreshness()
      // Until the next fetch of either document, or earlier when a token named an unknown kid.
      let wake = min(nextKeys, clock.now + revocationInterval)
      while clock.now < wake && !Task.isCancelled {
        if earlyRefreshDue(at: clock.now) { break }
        try? await Task.sleep(for: min(.milliseconds(100), wake - clock.now))
      }
    }
  }

  /// One conditional GET of the JWKS; returns the entity tag to send next time.
  private func fetchKeys(into keySet: KeySet, etag: String?) async throws -> String? {
    guard let (data, newTag) = try await get(url, etag: keySet.keys.count > 0 ? etag : nil) else {
      return etag
    }
    // A valid document without keys is news, not a failure: every key was retired, and no
    // token may verify any more (fail closed).
    let keys = try KeySnapshot(jwks: Array(data))
    keySet.replace(keys.revoking(keySet.keys.revokedIDs))
    return newTag
  }

  /// One conditional GET of the revocation list; the entity tag and whether the list changed.
  private func fetchRevocations(
    from url: URL, into keySet: KeySet, etag: String?
  ) async throws
    -> (String?, Bool)
  {
    let fetched: (Data, String?)?
    do {
      fetched = try await get(url, etag: etag)
    } catch let failure as ProviderFailure where failure.status == 404 {
      return (nil, false)  // a plain JWKS server: nothing is revoked
    }
    guard let (data, newTag) = fetched else { return (etag, false) }
    let list = try RevocationList(json: Array(data))
    keySet.replace(keySet.keys.revoking(list.ids))
    return (newTag, true)
  }

  /// A GET with `If-None-Match`: the body and entity tag, or nil for 304.
  private func get(_ url: URL, etag: String?) async throws -> (Data, String?)? {
    var request = URLRequest(
      url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
    if let etag { request.setValue(etag, forHTTPHeaderField: "If-None-Match") }
    request.setValue("application/jwk-set+json, application/json", forHTTPHeaderField: "Accept")
    let (data, response) = try await Self.send(request)
    guard let http = response as? HTTPURLResponse else {
      throw ProviderFailure("not an HTTP response")
    }
    switch http.statusCode {
    case 304: return nil
    case 200: return (data, http.value(forHTTPHeaderField: "ETag"))
    default:
      throw ProviderFailure(
        "HTTP \(http.statusCode) from \(url.absoluteString)", status: http.statusCode)
    }
  }
}

extension HTTPKeySetProvider {
  /// The body and response of `request`. Not `URLSession.data(for:)`: on Linux, cancelling the
  /// task while that request completes can deadlock FoundationNetworking (the cancellation
  /// handler cancels the URLSessionTask while its completion waits for the task's status lock;
  /// seen here as a protected-service that never exited on SIGTERM). A request is bounded by its
  /// timeout instead, and the provider's loop sees the cancellation when it returns.
  fileprivate static func send(_ request: URLRequest) async throws -> (Data, URLResponse?) {
    try await withCheckedThrowingContinuation { continuation in
      URLSession.shared.dataTask(with: request) { data, response, error in
        if let error {
          continuation.resume(throwing: error)
        } else {
          continuation.resume(returning: (data ?? Data(), response))
        }
      }.resume()
    }
  }
}

/// Why a provider could not refresh.
struct ProviderFailure: Error, CustomStringConvertible {
  let description: String
  /// The HTTP status, when the server answered with an unexpected one.
  let status: Int?

  init(_ description: String, status: Int? = nil) {
    self.description = description
    self.status = status
  }
}
