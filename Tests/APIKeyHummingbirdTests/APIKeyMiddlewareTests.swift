import APIKeyClient
import APIKeyCore
import APIKeyCrypto
import APIKeyHummingbird
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Hummingbird API key middleware")
struct APIKeyMiddlewareTests {
  let key = Ed25519PrivateKey()

  func app(
    _ options: APIKeyMiddleware<BasicAPIKeyRequestContext>.Options, freshUntil: Date? = nil
  ) throws -> some ApplicationProtocol {
    let keySet = try KeySet(jwksJSON: JSONWebKey.set([JSONWebKey(publicKey: key.publicKey)]))
    keySet.freshUntil = freshUntil
    let router = Router(context: BasicAPIKeyRequestContext.self)
    router.add(middleware: APIKeyMiddleware(keySet: keySet, options: options))
    router.get("/data") { request, context in
      "subject=\(context.apiKeySubject ?? "none") query=\(request.uri.query ?? "")"
    }
    router.get("/v1/wfs/x") { _, _ in "wfs" }
    return Application(router: router)
  }

  var token: String {
    TokenSigner(key: key).sign(TokenClaims(keyID: 4242, issuedAt: nil, expiresAt: nil))
  }

  @Test("A valid key in the header passes with its subject in the context")
  func validHeader() async throws {
    try await app(.init(mandatory: true)).test(.router) { client in
      try await client.execute(
        uri: "/data", method: .get, headers: [HTTPField.Name("X-Api-Key")!: token]
      ) {
        #expect($0.status == .ok)
        #expect(String(buffer: $0.body) == "subject=4242 query=")
      }
    }
  }

  @Test("A key in the x-api-key query parameter passes and is removed before the handler")
  func validQuery() async throws {
    try await app(.init(mandatory: true)).test(.router) { client in
      try await client.execute(uri: "/data?a=1&x-api-key=\(token)&b=2", method: .get) {
        #expect($0.status == .ok)
        #expect(String(buffer: $0.body) == "subject=4242 query=a=1&b=2")
      }
    }
  }

  @Test("Missing key: 401 when mandatory, passes when not; invalid key: 400")
  func missingAndInvalid() async throws {
    try await app(.init(mandatory: true)).test(.router) { client in
      try await client.execute(uri: "/data", method: .get) {
        #expect($0.status == .unauthorized)
        #expect(String(buffer: $0.body) == #"{"message":"API key missing"}"#)
      }
      try await client.execute(
        uri: "/data", method: .get, headers: [HTTPField.Name("X-Api-Key")!: token + "x"]
      ) {
        #expect($0.status == .badRequest)
        #expect(String(buffer: $0.body) == #"{"message":"invalid API key"}"#)
      }
      try await client.execute(uri: "/v1/wfs/x", method: .get) { #expect($0.status == .ok) }
      try await client.execute(uri: "/data", method: .get, headers: [.userAgent: "Mozilla/5.0"]) {
        #expect($0.status == .unauthorized)
      }
    }
    try await app(.init(mandatory: false)).test(.router) { client in
      try await client.execute(uri: "/data", method: .get) {
        #expect($0.status == .ok)
        #expect(String(buffer: $0.body) == "subject=none query=")
      }
    }
  }

  @Test("Empty keys pass only with allowEmpty; the browser skip works only when enabled")
  func options() async throws {
    try await app(.init(mandatory: true, allowEmpty: true, skipsBrowsers: true)).test(.router) {
      client in
      try await client.execute(
        uri: "/data", method: .get, headers: [HTTPField.Name("X-Api-Key")!: " "]
      ) {
        #expect($0.status == .ok)
      }
      try await client.execute(uri: "/data", method: .get, headers: [.userAgent: "Mozilla/5.0"]) {
        #expect($0.status == .ok)
      }
    }
    try await app(.init(mandatory: true)).test(.router) { client in
      try await client.execute(
        uri: "/data", method: .get, headers: [HTTPField.Name("X-Api-Key")!: ""]
      ) {
        #expect($0.status == .badRequest)
      }
    }
  }

  @Test("Stale keys: a request with a key gets 503 (not 400), one without still 401")
  func staleKeys() async throws {
    try await app(.init(mandatory: true), freshUntil: Date() - 1).test(.router) { client in
      try await client.execute(
        uri: "/data", method: .get, headers: [HTTPField.Name("X-Api-Key")!: token]
      ) {
        #expect($0.status == .serviceUnavailable)
        #expect(String(buffer: $0.body) == #"{"message":"API key verification unavailable"}"#)
      }
      try await client.execute(uri: "/data", method: .get) { #expect($0.status == .unauthorized) }
    }
    try await app(.init(mandatory: true), freshUntil: Date() + 60).test(.router) { client in
      try await client.execute(
        uri: "/data", method: .get, headers: [HTTPField.Name("X-Api-Key")!: token]
      ) {
        #expect($0.status == .ok)
      }
    }
  }
}
