import APIKeyClient
import APIKeyCore
import APIKeyCrypto
import Foundation
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

/// `HTTPKeySetProvider` against a real HTTP server on loopback whose answers the test changes.
@Suite("HTTP key-set provider")
struct HTTPKeySetProviderTests {
  /// What the test server answers on `/signingkeys/`: a status and a body.
  final class Served: Sendable {
    private let answer = Mutex((status: HTTPResponse.Status.ok, body: ""))
    func set(_ status: HTTPResponse.Status, _ body: String) {
      answer.withLock { $0 = (status, body) }
    }
    var current: (status: HTTPResponse.Status, body: String) { answer.withLock { $0 } }
  }

  let key = Ed25519PrivateKey()
  var jwks: String { JSONWebKey.set([JSONWebKey(publicKey: key.publicKey)]) }
  var token: String {
    TokenSigner(key: key).sign(TokenClaims(keyID: 7, issuedAt: Date(), expiresAt: nil))
  }

  /// Serves `served` on a free loopback port and runs a provider of its JWKS (no revocation
  /// list, refreshes every 200 ms, `maximumStaleness`) on `keySet` during `body`.
  func withProvider(
    _ served: Served, keySet: KeySet, maximumStaleness: Duration?,
    _ body: @escaping @Sendable () async throws -> Void
  ) async throws {
    let provider = { @Sendable (port: Int) in
      HTTPKeySetProvider(
        url: URL(string: "http://127.0.0.1:\(port)/signingkeys/")!, revocationPath: nil,
        interval: .milliseconds(200), retryInterval: .milliseconds(200),
        maximumStaleness: maximumStaleness)
    }
    let router = Router()
    router.get("/signingkeys/") { _, _ in
      let answer = served.current
      return Response(
        status: answer.status, headers: [.contentType: "application/json"],
        body: .init(byteBuffer: ByteBuffer(string: answer.body)))
    }
    try await Application(router: router).test(.live) { client in
      let port = try #require(client.port)
      try await withThrowingTaskGroup { group in
        group.addTask { await provider(port).run(updating: keySet) }
        defer { group.cancelAll() }
        try await body()
      }
    }
  }

  /// Polls `condition` every 50 ms for up to `seconds`; true once it holds.
  func eventually(within seconds: Double = 5, _ condition: () -> Bool) async -> Bool {
    let deadline = Date() + seconds
    while Date() < deadline {
      if condition() { return true }
      try? await Task.sleep(for: .milliseconds(50))
    }
    return condition()
  }

  func outcome(_ keySet: KeySet) -> APIKeyVerificationError? {
    do {
      _ = try keySet.verify(token)
      return nil
    } catch { return error }
  }

  @Test("A valid JWKS without keys (the only signing key retired) refuses every token")
  func emptySetFailsClosed() async throws {
    let served = Served()
    served.set(.ok, jwks)
    let keySet = KeySet()
    try await withProvider(
      served, keySet: keySet, maximumStaleness: HTTPKeySetProvider.defaultMaximumStaleness
    ) {
      #expect(await eventually { outcome(keySet) == nil }, "the key never arrived")
      served.set(.ok, #"{"keys":[]}"#)
      #expect(
        await eventually { outcome(keySet) == .noKeys },
        "still accepted: \(String(describing: outcome(keySet)))")
    }
  }

  @Test(
    "A failed refresh keeps the last keys until the maximum staleness, then every token fails as stale, until a refresh succeeds"
  )
  func staleKeysFailClosed() async throws {
    let served = Served()
    served.set(.ok, jwks)
    let keySet = KeySet()
    try await withProvider(served, keySet: keySet, maximumStaleness: .milliseconds(1500)) {
      #expect(await eventually { outcome(keySet) == nil }, "the key never arrived")
      served.set(.internalServerError, "{}")
      // A transport-level failure keeps the keys for a while...
      try await Task.sleep(for: .milliseconds(300))
      #expect(outcome(keySet) == nil)
      #expect(keySet.keys.count == 1)
      // ...then the set is stale: refused with a typed error.
      #expect(
        await eventually { outcome(keySet) == .stale }, "\(String(describing: outcome(keySet)))")
      served.set(.ok, "not json")  // a parse error is no refresh either
      try await Task.sleep(for: .milliseconds(500))
      #expect(outcome(keySet) == .stale)
      served.set(.ok, jwks)
      #expect(await eventually { outcome(keySet) == nil }, "not fresh again after a good refresh")
    }
  }

  @Test("Without a limit (maximumStaleness nil) the last keys stay in use while refreshes fail")
  func noLimit() async throws {
    let served = Served()
    served.set(.ok, jwks)
    let keySet = KeySet()
    try await withProvider(served, keySet: keySet, maximumStaleness: nil) {
      #expect(await eventually { outcome(keySet) == nil })
      served.set(.serviceUnavailable, "")
      try await Task.sleep(for: .milliseconds(800))
      #expect(outcome(keySet) == nil)
      #expect(keySet.freshUntil == nil)
    }
  }
}
