import APIKeyClientGRPC
import APIKeyHTTP
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("HTTP bridge routes")
struct BridgeRouterTests {
  static let jwks =
    #"{"keys":[{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","alg":"EdDSA","use":"sig","kid":"kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"}]}"#
  static let revoked =
    #"{"revision":7,"revoked":[{"sub":"42","exp":null,"revoked_at":1800000000}]}"#
  let now = Date(timeIntervalSince1970: 1_800_000_000)

  func app(
    _ cache: KeySetCache, metrics: BridgeMetrics = BridgeMetrics()
  ) -> some ApplicationProtocol {
    let now = self.now
    let router = BridgeRouter.build(
      cache: cache, metrics: metrics,
      configuration: BridgeConfiguration(socketPath: "/run/test.sock", maxAge: 42), clock: { now })
    return Application(router: router)
  }

  func loaded(revision: UInt64 = 7) -> KeySetCache {
    let cache = KeySetCache()
    cache.update(
      ServedKeySet(
        revision: revision, jwksJSON: Self.jwks, revokedJSON: Self.revoked, receivedAt: now - 3))
    return cache
  }

  @Test(
    "Every key path serves the JWKS with ETag, Cache-Control, CORS and JSON type",
    arguments: BridgeRouter.keySetPaths)
  func servesJWKS(path: String) async throws {
    try await app(loaded()).test(.router) { client in
      try await client.execute(uri: path, method: .get) { response in
        #expect(response.status == .ok)
        #expect(String(buffer: response.body) == Self.jwks)
        #expect(response.headers[.eTag] == "\"7\"")
        #expect(response.headers[.cacheControl] == "public, max-age=42")
        #expect(response.headers[.accessControlAllowOrigin] == "*")
        #expect(response.headers[.contentType] == "application/json")
      }
    }
  }

  @Test("/revoked serves the revocation list with the JWKS's ETag, and 304 for that tag")
  func servesRevocationList() async throws {
    try await app(loaded()).test(.router) { client in
      try await client.execute(uri: "/revoked", method: .get) { response in
        #expect(response.status == .ok)
        #expect(String(buffer: response.body) == Self.revoked)
        #expect(response.headers[.eTag] == "\"7\"")
        #expect(response.headers[.contentType] == "application/json")
      }
      try await client.execute(uri: "/revoked", method: .get, headers: [.ifNoneMatch: "\"7\""]) {
        response in
        #expect(response.status == .notModified)
      }
      try await client.execute(uri: "/revoked", method: .post) { response in
        #expect(response.status == .methodNotAllowed)
      }
    }
  }

  @Test("The well-known path answers application/jwk-set+json to clients that ask for it")
  func negotiatesJWKSetType() async throws {
    try await app(loaded()).test(.router) { client in
      try await client.execute(
        uri: "/.well-known/jwks.json", method: .get, headers: [.accept: "application/jwk-set+json"]
      ) { response in
        #expect(response.headers[.contentType] == "application/jwk-set+json")
      }
    }
  }

  @Test("If-None-Match with the current tag gives 304 without a body; an old tag gives 200")
  func conditionalGet() async throws {
    try await app(loaded()).test(.router) { client in
      for tag in ["\"7\"", "W/\"7\"", "\"3\", \"7\"", "*"] {
        try await client.execute(uri: "/signingkeys/", method: .get, headers: [.ifNoneMatch: tag]) {
          response in
          #expect(response.status == .notModified, "\(tag)")
          #expect(response.body.readableBytes == 0)
          #expect(response.headers[.eTag] == "\"7\"")
        }
      }
      try await client.execute(uri: "/signingkeys/", method: .get, headers: [.ifNoneMatch: "\"6\""])
      { response in
        #expect(response.status == .ok)
      }
    }
  }

  @Test("HEAD gives the headers and length of GET without a body")
  func head() async throws {
    try await app(loaded()).test(.router) { client in
      try await client.execute(uri: "/signingkeys/", method: .head) { response in
        #expect(response.status == .ok)
        #expect(response.body.readableBytes == 0)
        #expect(response.headers[.eTag] == "\"7\"")
        #expect(response.headers[.contentLength] == "\(Self.jwks.utf8.count)")
      }
    }
  }

  @Test(
    "Other methods get 405 with Allow; OPTIONS is a CORS preflight",
    arguments: [HTTPRequest.Method.post, .put, .delete, .patch])
  func methodNotAllowed(method: HTTPRequest.Method) async throws {
    try await app(loaded()).test(.router) { client in
      try await client.execute(uri: "/signingkeys/", method: method) { response in
        #expect(response.status == .methodNotAllowed)
        #expect(response.headers[.allow] == "GET, HEAD, OPTIONS")
        #expect(String(buffer: response.body).contains("message"))
      }
      try await client.execute(uri: "/.well-known/jwks.json", method: .options) { response in
        #expect(response.status == .noContent)
        #expect(response.headers[.accessControlAllowMethods] == "GET, HEAD, OPTIONS")
      }
    }
  }

  @Test(
    "Before the first key set: 503 with a JSON message on the key paths, /readyz 503, /healthz 200")
  func noKeySetYet() async throws {
    try await app(KeySetCache()).test(.router) { client in
      try await client.execute(uri: "/signingkeys/", method: .get) { response in
        #expect(response.status == .serviceUnavailable)
        let body =
          try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8))
          as? [String: String]
        #expect(body?["message"]?.contains("waiting for apikeyserv at /run/test.sock") == true)
      }
      try await client.execute(uri: "/readyz", method: .get) { response in
        #expect(response.status == .serviceUnavailable)
        #expect(String(buffer: response.body).contains("no key set"))
      }
      try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
    }
  }

  @Test("/readyz: 200 with revision and age when connected; 503 (still serving) when disconnected")
  func readiness() async throws {
    let cache = loaded()
    try await app(cache).test(.router) { client in
      try await client.execute(uri: "/readyz", method: .get) { response in
        #expect(response.status == .ok)
        let body =
          try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8))
          as? [String: Any]
        #expect(body?["revision"] as? Int == 7)
        #expect(body?["age_seconds"] as? Double == 3)
      }
      cache.setConnection(.disconnected("socket gone"))
      try await client.execute(uri: "/readyz", method: .get) { response in
        #expect(response.status == .serviceUnavailable)
        #expect(String(buffer: response.body).contains("socket gone"))
      }
      try await client.execute(uri: "/signingkeys/", method: .get) { #expect($0.status == .ok) }
    }
  }

  @Test("Unknown paths get 404 with a JSON message")
  func notFound() async throws {
    try await app(loaded()).test(.router) { client in
      try await client.execute(uri: "/admin/", method: .get) { response in
        #expect(response.status == .notFound)
        #expect(String(buffer: response.body) == #"{"message":"not found"}"#)
      }
    }
  }

  @Test("/metrics counts requests by route and status, 304s, revision, age and connection")
  func metrics() async throws {
    let metrics = BridgeMetrics()
    try await app(loaded(), metrics: metrics).test(.router) { client in
      try await client.execute(uri: "/signingkeys/", method: .get) { _ in }
      try await client.execute(uri: "/signingkeys/", method: .get, headers: [.ifNoneMatch: "\"7\""])
      { _ in }
      try await client.execute(uri: "/nope", method: .get) { _ in }
      try await client.execute(uri: "/metrics", method: .get) { response in
        let text = String(buffer: response.body)
        #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
        #expect(text.contains(#"apikey_http_requests_total{route="/signingkeys/",status="200"} 1"#))
        #expect(text.contains(#"apikey_http_requests_total{route="/signingkeys/",status="304"} 1"#))
        #expect(text.contains(#"apikey_http_requests_total{route="unmatched",status="404"} 1"#))
        #expect(text.contains("apikey_http_not_modified_total 1"))
        #expect(text.contains("apikey_http_keyset_revision 7.0"))
        #expect(text.contains("apikey_http_keyset_age_seconds 3.0"))
        #expect(text.contains("apikey_http_daemon_connected 1.0"))
      }
    }
  }

  @Test("A resubscription with the same revision keeps the set; a new revision replaces it")
  func cacheUpdates() {
    let cache = loaded()
    #expect(
      !cache.update(
        ServedKeySet(revision: 7, jwksJSON: Self.jwks, revokedJSON: "", receivedAt: now)))
    #expect(
      cache.update(
        ServedKeySet(revision: 8, jwksJSON: #"{"keys":[]}"#, revokedJSON: "", receivedAt: now)))
    #expect(cache.current?.etag == "\"8\"")
  }

  @Test("Backoff doubles up to its cap and resets")
  func backoff() {
    var backoff = Backoff(initial: .milliseconds(100), maximum: .milliseconds(400))
    let delays = (0 ..< 5).map { _ in backoff.next() }
    #expect(delays[0] <= .milliseconds(100) && delays[0] >= .milliseconds(80))
    #expect(delays[4] <= .milliseconds(400) && delays[4] >= .milliseconds(320))
    backoff.reset()
    #expect(backoff.next() <= .milliseconds(100))
  }
}
