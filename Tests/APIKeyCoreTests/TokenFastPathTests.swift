@_spi(Benchmark) import APIKeyCore
import APIKeyCrypto
import Foundation
import Testing

/// The verifier's fast paths (the header cache, the payload reader) and the hand-written base64url
/// encoder give exactly what the general code gives.
@Suite("Token fast paths")
struct TokenFastPathTests {
  let now = Date(timeIntervalSince1970: 1_800_000_000)
  let key = Ed25519PrivateKey()

  var keys: PublishedKeySet {
    PublishedKeySet(
      keys: [SigningKeyInfo(publicKey: key.publicKey, createdAt: now, notBefore: now)],
      revision: 1, now: now)
  }

  var kid: String { JSONWebKey(publicKey: key.publicKey).thumbprint }

  /// A token of `payload` exactly as written, under `header`.
  func token(payload: String, header: String? = nil) -> String {
    let header = header ?? #"{"alg":"EdDSA","kid":"\#(kid)","typ":"JWT"}"#
    let input = Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(Array(payload.utf8))
    return input + "." + Base64URL.encode(key.signature(for: Array(input.utf8)))
  }

  /// The verdict as text, so that both paths can be compared, errors included.
  func verdict(_ token: String, fast: Bool) -> String {
    var verifier = TokenVerifier()
    verifier.usesFastPaths = fast
    do {
      let verified = try verifier.verify(token, keys: keys, now: now)
      let claims = verified.claims
      return "ok \(claims.subject) \(String(describing: claims.issuedAt)) "
        + "\(String(describing: claims.expiresAt)) \(String(describing: claims.notBefore))"
    } catch {
      return "\(error)"
    }
  }

  @Test("base64url encoding matches Foundation's base64 with the URL alphabet and no padding")
  func base64URLEncoding() {
    for length in 0 ..< 70 {
      let bytes = (0 ..< length).map { _ in UInt8.random(in: 0 ... 255) }
      let expected = Data(bytes).base64EncodedString()
        .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        .replacingOccurrences(of: "=", with: "")
      #expect(Base64URL.encode(bytes) == expected, "length \(length)")
      #expect(Base64URL.decode(Base64URL.encode(bytes)) == bytes)
    }
  }

  @Test(
    "Every payload gets the same verdict from the payload reader as from the JSON decoder",
    arguments: [
      #"{"sub":"42","iat":1800000000,"exp":1800003600}"#,
      #"{"sub":"42","exp":1799999999}"#,
      #"{"sub":"42","nbf":1800000100,"iat":-5}"#,
      #"{"sub":"42"}"#,
      #"{"sub":"0"}"#,
      #"{"sub":"042","iat":0}"#,
      #"{"sub":"99999999999999999999"}"#,
      #"{"sub":"42","exp":1800003600.5}"#,
      #"{"sub":"42","exp":1e10}"#,
      #"{"sub":"42","exp":01800003600}"#,
      #"{"sub":"42","exp":1800003600,"exp":1}"#,
      #"{"sub":"42","aud":"x"}"#,
      #"{ "sub":"42"}"#,
      #"{"sub":"4\u0032"}"#,
      #"{"sub":"42","exp":9999999999999999}"#,
      #"{"sub":"42","exp":-}"#,
      #"{"sub":"42",}"#,
      #"{"sub":"42"}x"#,
      #"{"sub":42}"#,
      #"{"sub":"42","iat":1,"exp":2,"nbf":3}"#,
      #"[]"#,
    ])
  func payloadReader(payload: String) {
    let token = token(payload: payload)
    #expect(verdict(token, fast: true) == verdict(token, fast: false), "\(payload)")
  }

  @Test("The header cache keeps every verdict: more distinct headers than it holds, and bad ones")
  func headerCache() {
    let payload = #"{"sub":"42","exp":1800003600}"#
    let headers =
      (0 ..< 3 * 8).map { #"{"alg":"EdDSA","kid":"\#(kid)","x":\#($0)}"# } + [
        #"{"alg":"none","kid":"\#(kid)"}"#, #"{"alg":"HS256"}"#,
        #"{"alg":"EdDSA","crit":["b64"]}"#, #"{"alg":"EdDSA","kid":"nope"}"#, #"{"kid":"x"}"#,
        #"{"alg":"EdDSA"}"#,
      ]
    for _ in 0 ..< 2 {
      for header in headers {
        let token = token(payload: payload, header: header)
        #expect(verdict(token, fast: true) == verdict(token, fast: false), "\(header)")
      }
    }
    #expect(verdict(token(payload: payload), fast: true).hasPrefix("ok 42"))
    #expect(
      !verdict(token(payload: payload, header: #"{"alg":"none"}"#), fast: true).hasPrefix("ok"))
  }
}
