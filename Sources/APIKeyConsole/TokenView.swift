import APIKeyRPC
import Hummingbird

/// The page that shows a token once (issued, re-signed, renewed), with a copy button. Never
/// cached, never logged; the console forgets it once the page is sent.
enum TokenView {
  static func render(
    _ parts: ConsoleParts, title: String, intro: String, key: Apikeyserv_V1_KeyRecord,
    token: String, kid: String, _ context: ConsoleRequestContext
  ) -> Response {
    parts.render(
      "token",
      [
        "title": title, "intro": intro, "id": "\(key.id)", "organisation": key.organisation,
        "kid": kid, "token": token,
        "expires": ConsoleFormat.time(key.expiresAt, isSet: key.hasExpiresAt, unset: "never"),
      ], nav: "navKeys", context)
  }
}
