import APIKeyCore
import APIKeyCrypto
import Hummingbird

/// The form's protection against cross-site request forgery, as Django's (double submit): a
/// random token in a cookie (`csrftoken`, HttpOnly, SameSite=Lax) and the same token in the
/// form's hidden field (`csrfmiddlewaretoken`). Another site can make a browser post the form,
/// but can neither read nor set the cookie, so its post lacks the matching pair. The bridge holds
/// no secret for this.
enum CSRFToken {
  static let cookie = "csrftoken"
  static let field = "csrfmiddlewaretoken"

  /// The request's token, or a new one (to set with `setCookie`) when it has none or a
  /// malformed one.
  static func current(_ request: Request) -> (token: String, isNew: Bool) {
    if let token = request.cookies[cookie]?.value, isWellFormed(token) { return (token, false) }
    return (fresh(), true)
  }

  /// A new random value of 32 bytes, base64url (a token, a form's request id, a result's id).
  static func fresh() -> String {
    Base64URL.encode(SecureRandom.bytes(32))
  }

  /// The request's cookie token, when it has a well-formed one.
  static func cookieToken(_ request: Request) -> String? {
    guard let token = request.cookies[cookie]?.value, isWellFormed(token) else { return nil }
    return token
  }

  /// The Set-Cookie value for `token`.
  static func setCookie(_ token: String) -> String {
    "\(cookie)=\(token); Path=/; HttpOnly; SameSite=Lax; Max-Age=31449600"
  }

  /// Whether `request`'s cookie and `submitted` (the form's field) are the same valid token.
  static func matches(_ request: Request, submitted: String?) -> Bool {
    guard let cookie = cookieToken(request), let submitted else { return false }
    return same(cookie, submitted)
  }

  /// Whether two tokens are the same, compared in constant time.
  static func same(_ first: String, _ second: String) -> Bool {
    let a = Array(first.utf8)
    let b = Array(second.utf8)
    guard a.count == b.count else { return false }
    return zip(a, b).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
  }

  private static func isWellFormed(_ token: String) -> Bool {
    token.utf8.count == 43 && Base64URL.decode(token)?.count == 32
  }
}
