import APIKeyClientGRPC
import APIKeyCore
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import APIKeyHTTP

/// The self-service routes' answers that need no daemon: the redirects, the form and its CSRF
/// check, the JSON endpoint's refusals, the honeypot, the body limit, and 404 when off.
@Suite("Self-service routes")
struct SelfServiceRoutesTests {
  func app(
    selfService: Bool = true, _ change: (inout BridgeSelfService) -> Void = { _ in }
  ) throws -> some ApplicationProtocol {
    var configuration = BridgeConfiguration(socketPath: "/nonexistent/apikeyserv.sock")
    var service = BridgeSelfService(registerSocketPath: "/nonexistent/register.sock")
    service.maximumBodySize = 2048
    change(&service)
    service.texts = SelfServiceTexts(
      siteName: "Example Data", contactEmail: "help@example.org",
      privacyURL: "https://example.org/privacy")
    configuration.selfService = selfService ? service : nil
    let registration = try DaemonClient(
      socketPath: service.registerSocketPath, daemonIdentity: DaemonIdentity())
    return Application(
      router: BridgeRouter.build(
        cache: KeySetCache(), metrics: BridgeMetrics(), configuration: configuration,
        registration: registration),
      configuration: .init(address: .hostname("127.0.0.1", port: 0)), services: [registration])
  }

  static let json: HTTPFields = [.contentType: "application/json"]

  @Test("/ redirects to /register/; the form has every field labelled, the CSRF field and cookie")
  func form() async throws {
    try await app().test(.router) { client in
      try await client.execute(uri: "/", method: .get) { response in
        #expect(response.status == .found && response.headers[.location] == "/register/")
      }
      try await client.execute(uri: "/register/", method: .get) { response in
        #expect(response.status == .ok)
        #expect(response.headers[.contentType] == "text/html; charset=utf-8")
        #expect(response.headers[.cacheControl] == "no-store")
        let csp = try #require(response.headers[.contentSecurityPolicy])
        #expect(csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"))
        let cookie = try #require(response.headers[.setCookie])
        #expect(cookie.hasPrefix("csrftoken=") && cookie.contains("HttpOnly"))
        let html = String(buffer: response.body)
        for field in [
          "contactperson_1_name", "email_1", "contactperson_2_name", "email_2", "organisation",
          "department", "agree_on_personal_data",
        ] {
          #expect(html.contains("<label for=\"\(field)\""), "\(field)")
          #expect(html.contains("id=\"\(field)\" name=\"\(field)\""), "\(field)")
        }
        #expect(html.contains("name=\"csrfmiddlewaretoken\""))
        #expect(html.contains("Example Data") && html.contains("https://example.org/privacy"))
        // The privacy text says how long, and whom to ask to delete the data.
        #expect(html.contains("A key expires after a year"))
        #expect(html.contains("have it deleted, write to <a href=\"mailto:help@example.org\""))
        #expect(html.contains("<html lang=\"nl\">") && html.contains("lang=\"en\""))
        #expect(!html.contains("<script"))
        // No daemon here: the form cannot say how the key comes, and says none can be had now.
        #expect(html.contains("Once you send the form, the next page says how you get the key."))
        #expect(html.contains("Keys cannot be requested right now."))
      }
    }
  }

  @Test(
    "A form post without the CSRF cookie and field is 403: the form again, with what was typed and a fresh token"
  )
  func csrf() async throws {
    try await app().test(.router) { client in
      let body =
        "email_1=a%40example.org&organisation=Org&agree_on_personal_data=on&request_id=abc123&website=spam"
      try await client.execute(
        uri: "/register/", method: .post,
        headers: [.contentType: "application/x-www-form-urlencoded"],
        body: ByteBuffer(string: body)
      ) { response in
        #expect(response.status == .forbidden)
        let html = String(buffer: response.body)
        #expect(
          html.contains("The form had expired or your browser sent no cookie; no key was made"))
        #expect(html.contains("id=\"email_1\" name=\"email_1\" value=\"a@example.org\""))
        #expect(html.contains("value=\"Org\"") && html.contains(" checked"))
        #expect(html.contains("name=\"request_id\" value=\"abc123\""))
        #expect(!html.contains("spam"), "the honeypot's value is not sent back")
        // A fresh token, in the cookie and the form alike: sending it again works.
        let cookie = try #require(response.headers[.setCookie])
        let token = try #require(
          cookie.split(separator: ";").first?.split(separator: "=", maxSplits: 1).last)
        #expect(html.contains("name=\"csrfmiddlewaretoken\" value=\"\(token)\""))
        #expect(html.contains("getElementById('problems').focus()"))
      }
      let token = Base64URL.encode([UInt8](repeating: 7, count: 32))
      let other = Base64URL.encode([UInt8](repeating: 8, count: 32))
      try await client.execute(
        uri: "/register/", method: .post,
        headers: [
          .contentType: "application/x-www-form-urlencoded", .cookie: "csrftoken=\(token)",
        ],
        body: ByteBuffer(string: body + "&csrfmiddlewaretoken=\(other)")
      ) { response in
        #expect(response.status == .forbidden)
      }
    }
  }

  @Test("With the CSRF pair, a bad form comes back 400 with errors beside fields and values kept")
  func formErrors() async throws {
    try await app().test(.router) { client in
      let token = Base64URL.encode([UInt8](repeating: 7, count: 32))
      let body =
        "csrfmiddlewaretoken=\(token)&email_1=not+an+address&organisation=Caf%C3%A9+%3Cb%3E&contactperson_1_name=Ann"
      try await client.execute(
        uri: "/register/", method: .post,
        headers: [
          .contentType: "application/x-www-form-urlencoded", .cookie: "csrftoken=\(token)",
        ],
        body: ByteBuffer(string: body)
      ) { response in
        #expect(response.status == .badRequest)
        let html = String(buffer: response.body)
        #expect(
          html.contains(
            "id=\"email_1-error\">Vul een geldig e-mailadres in. <span lang=\"en\">Enter a valid email address."
          ))
        #expect(html.contains("aria-describedby=\"email_1-error\""))
        #expect(html.contains("value=\"not an address\""))
        #expect(html.contains("value=\"Café &lt;b&gt;\""))
        #expect(html.contains("id=\"agree_on_personal_data-error\">Dit veld is verplicht."))
        // The title says so, a summary at the top links to each field, and focus moves there.
        #expect(html.contains("<title>Fout: API-sleutel aanvragen"))
        #expect(
          html.contains(
            "<li><a href=\"#email_1\">E-mailadres: Vul een geldig e-mailadres in.</a> <span lang=\"en\" class=\"en\">E-mail address: Enter a valid email address.</span></li>"
          ))
        #expect(html.contains("<a href=\"#agree_on_personal_data\">"))
        #expect(!html.contains("href=\"#organisation\""), "no error there")
        #expect(html.contains("document.getElementById('problems').focus();"))
      }
    }
  }

  @Test("POST /apikeys/: no data, field errors by the original's names, honeypot, size, media type")
  func jsonRefusals() async throws {
    try await app().test(.router) { client in
      try await client.execute(uri: "/apikeys/", method: .post, headers: Self.json) { response in
        #expect(response.status == .badRequest)
        #expect(String(buffer: response.body) == #"{"message":"No data provided."}"#)
        #expect(response.headers[.accessControlAllowOrigin] == "*")
      }
      try await client.execute(
        uri: "/apikeys/", method: .post, headers: Self.json,
        body: ByteBuffer(string: #"{"email_1": "x", "email_2": "y@", "organisation": " "}"#)
      ) { response in
        #expect(response.status == .badRequest)
        let errors = try #require(
          try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8))
            as? [String: [String]])
        #expect(errors["email_1"] == ["Enter a valid email address."])
        #expect(errors["email_2"] == ["Enter a valid email address."])
        #expect(errors["organisation"] == ["This field is required."])
        #expect(errors["agree_on_personal_data"] == ["This field is required."])
        #expect(errors.count == 4)
      }
      try await client.execute(
        uri: "/apikeys/", method: .post, headers: Self.json,
        body: ByteBuffer(
          string:
            #"{"email_1": "a@example.org", "organisation": "O", "agree_on_personal_data": true, "website": "http://spam"}"#
        )
      ) { response in
        #expect(response.status == .badRequest)
        #expect(String(buffer: response.body).contains("Request rejected."))
      }
      try await client.execute(
        uri: "/apikeys/", method: .post, headers: Self.json,
        body: ByteBuffer(string: "{\"organisation\": \"\(String(repeating: "x", count: 4000))\"}")
      ) { response in
        #expect(response.status == .contentTooLarge)
      }
      try await client.execute(
        uri: "/apikeys/", method: .post, headers: [.contentType: "text/plain"],
        body: ByteBuffer(string: "hello")
      ) { response in
        #expect(response.status == .unsupportedMediaType)
      }
    }
  }

  @Test("GET /apikeys/ is 403; OPTIONS is 204 with CORS; /docs/ tells the header and the parameter")
  func otherMethods() async throws {
    try await app().test(.router) { client in
      try await client.execute(uri: "/apikeys/", method: .get) { response in
        #expect(response.status == .forbidden)
      }
      try await client.execute(uri: "/apikeys/", method: .options) { response in
        #expect(response.status == .noContent)
        #expect(response.headers[.accessControlAllowOrigin] == "*")
        #expect(response.headers[.accessControlAllowMethods]?.contains("POST") == true)
      }
      try await client.execute(uri: "/docs/", method: .get) { response in
        let html = String(buffer: response.body)
        #expect(response.status == .ok && html.contains("X-Api-Key") && html.contains("x-api-key"))
        #expect(html.contains("curl"))
        // The page is served over plain HTTP here: its examples say so, and who honours a
        // revocation (the original's Python middleware does not).
        #expect(html.contains("http://") && !html.contains("https://127.0.0.1"), "\(html)")
        #expect(html.contains("datadiensten-apikeyclient"))
      }
    }
    try await app { $0.apiBaseURL = "https://api.data.example.org" }.test(.router) { client in
      try await client.execute(uri: "/docs/", method: .get) { response in
        let html = String(buffer: response.body)
        #expect(html.contains("https://api.data.example.org/…?x-api-key=YOUR_KEY"))
        #expect(!html.contains("api.example.org"))
      }
    }
  }

  @Test(
    "Without --self-service every self-service path is 404",
    arguments: ["/", "/register/", "/apikeys/", "/docs/"])
  func off(path: String) async throws {
    try await app(selfService: false).test(.router) { client in
      try await client.execute(uri: path, method: .get) { response in
        #expect(response.status == .notFound)
      }
      try await client.execute(
        uri: path, method: .post, headers: Self.json, body: ByteBuffer(string: "{}")
      ) {
        response in
        #expect(response.status == .notFound)
      }
    }
  }

  @Test(
    "The client is the peer, or the last untrusted hop of X-Forwarded-For behind a trusted proxy")
  func clientAddress() throws {
    let resolver = ClientAddress(trustedProxies: [IPNetwork("10.0.0.0/8")!, IPNetwork("::1")!])
    let proxy = try SocketAddress(ipAddress: "10.1.1.1", port: 4000)
    let stranger = try SocketAddress(ipAddress: "203.0.113.5", port: 4000)
    #expect(
      resolver.resolve(peer: stranger, forwardedFor: ["198.51.100.1"])?.description == "203.0.113.5"
    )
    #expect(resolver.resolve(peer: proxy, forwardedFor: [])?.description == "10.1.1.1")
    #expect(
      resolver.resolve(peer: proxy, forwardedFor: ["1.1.1.1, 198.51.100.1", "10.2.2.2"])?
        .description
        == "198.51.100.1")
    #expect(
      resolver.resolve(peer: proxy, forwardedFor: ["garbage, 198.51.100.1"])?.description
        == "198.51.100.1")
    #expect(
      resolver.resolve(peer: proxy, forwardedFor: ["198.51.100.1, garbage"])?.description
        == "10.1.1.1")
    #expect(resolver.resolve(peer: nil, forwardedFor: ["198.51.100.1"]) == nil)
  }
}

/// The pages' texts from a file, as `--self-service-texts` reads it.
@Suite("Self-service texts")
struct SelfServiceTextsTests {
  @Test("A texts file sets what it names and leaves the rest at the neutral defaults")
  func file() throws {
    let path = "/tmp/aks-texts-\(UUID().uuidString.prefix(8)).json"
    defer { try? FileManager.default.removeItem(atPath: path) }
    try #"{"site_name": "Gemeente Voorbeeld", "privacy_url": "https://example.org/privacy"}"#
      .write(toFile: path, atomically: true, encoding: .utf8)
    let texts = try SelfServiceTexts(file: path)
    #expect(texts.siteName == "Gemeente Voorbeeld")
    #expect(texts.privacyURL == "https://example.org/privacy")
    #expect(texts.contactEmail == nil)
    #expect(SelfServiceTexts().siteName == "API keys")
    try "not json".write(toFile: path, atomically: true, encoding: .utf8)
    #expect(throws: (any Error).self) { try SelfServiceTexts(file: path) }
  }
}

extension SelfServiceRoutesTests {
  static let validJSON = ByteBuffer(
    string: #"{"email_1":"a@example.org","organisation":"Org","agree_on_personal_data":true}"#)

  @Test(
    "Requests the daemon does not answer with a key count against no client limit: the second is 503 again, not 429"
  )
  func unansweredNotCounted() async throws {
    try await app { $0.perClient = RateLimit(count: 1, window: 3600) }.test(.live) { client in
      for _ in 0 ..< 3 {
        try await client.execute(
          uri: "/apikeys/", method: .post, headers: Self.json, body: Self.validJSON
        ) { response in
          #expect(response.status == .serviceUnavailable)
        }
      }
    }
  }

  @Test(
    "With --allowed-origin, a POST from another origin's page is 403 before anything is asked, CORS names only the allowed origin, and requests without Origin pass"
  )
  func allowedOrigins() async throws {
    try await app { $0.allowedOrigins = ["https://portal.example"] }.test(.live) { client in
      let form: HTTPFields = [
        .contentType: "application/x-www-form-urlencoded", .origin: "https://evil.example",
      ]
      try await client.execute(
        uri: "/apikeys/", method: .post, headers: form,
        body: ByteBuffer(string: "email_1=a%40example.org&organisation=Org")
      ) { response in
        #expect(response.status == .forbidden)
        #expect(response.headers[.accessControlAllowOrigin] == nil)
        #expect(String(buffer: response.body).contains("evil.example"))
      }
      try await client.execute(
        uri: "/apikeys/", method: .options, headers: [.origin: "https://portal.example"]
      ) { response in
        #expect(response.headers[.accessControlAllowOrigin] == "https://portal.example")
        #expect(response.headers[.vary] == "Origin")
      }
      try await client.execute(
        uri: "/apikeys/", method: .options, headers: [.origin: "https://evil.example"]
      ) { response in
        #expect(response.headers[.accessControlAllowOrigin] == nil)
      }
      var allowed = Self.json
      allowed[.origin] = "https://PORTAL.example:443"
      try await client.execute(
        uri: "/apikeys/", method: .post, headers: allowed, body: Self.validJSON
      ) { response in
        // Past the origin check: the daemon (absent here) is asked.
        #expect(response.status == .serviceUnavailable)
        #expect(response.headers[.accessControlAllowOrigin] == "https://portal.example")
      }
      try await client.execute(
        uri: "/apikeys/", method: .post, headers: Self.json, body: Self.validJSON
      ) { response in
        #expect(response.status == .serviceUnavailable)
      }
    }
    try await app().test(.live) { client in
      try await client.execute(
        uri: "/apikeys/", method: .options, headers: [.origin: "https://evil.example"]
      ) { response in
        #expect(response.headers[.accessControlAllowOrigin] == "*")
      }
    }
  }

  @Test("A rate limit's wait is said in minutes, hours or days, not as 1440 minutes")
  func waits() {
    #expect(DurationText.spoken(30).en == "1 minute")
    #expect(DurationText.spoken(3000).en == "50 minutes")
    #expect(DurationText.spoken(3600).en == "1 hour")
    #expect(DurationText.spoken(86400) == (nl: "24 uur", en: "24 hours"))
    #expect(DurationText.spoken(7 * 86400).en == "7 days")
  }

  @Test("An unknown path is a page for a browser (with self-service) and JSON for JSON clients")
  func notFound() async throws {
    try await app().test(.router) { client in
      try await client.execute(
        uri: "/nowhere", method: .get, headers: [.accept: "text/html,application/xhtml+xml"]
      ) { response in
        #expect(response.status == .notFound)
        #expect(response.headers[.contentType] == "text/html; charset=utf-8")
        #expect(String(buffer: response.body).contains("/register/"))
      }
      try await client.execute(uri: "/nowhere", method: .get) { response in
        #expect(response.status == .notFound)
        #expect(String(buffer: response.body) == #"{"message":"not found"}"#)
      }
    }
  }
}
