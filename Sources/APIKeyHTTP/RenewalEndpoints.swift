import APIKeyCore
import APIKeyRPC
import Foundation
import GRPCCore
import HTTPTypes
import Hummingbird
import Logging
import SwiftProtobuf

/// `/renew/<value>`, served with `--self-service`: the page an expiry reminder links to. GET
/// shows what renewing does (the key's organisation, name, current and new expiry) with a
/// confirm button; the POST (CSRF-protected) renews through the registration socket and shows
/// the fresh token once, or says it was e-mailed. The daemon checks the link (its MAC, lifetime,
/// single use); every refusal is a page that says why, and changes nothing. The link's value is
/// never logged.
struct RenewalEndpoints: Sendable {
  let client: DaemonClient
  let pages: SelfServicePages
  let results: ResultStore
  let clock: @Sendable () -> Date

  func add(to router: Router<BridgeRequestContext>) {
    router.get("/renew/:value") { request, context in
      await show(request, value: context.parameters.get("value") ?? "", context: context)
    }
    router.post("/renew/:value") { request, context in
      await renew(request, value: context.parameters.get("value") ?? "", context: context)
    }
    router.get("/renew/done/:id") { request, context in
      showResult(request, id: context.parameters.get("id") ?? "")
    }
  }

  private func show(
    _ request: Request, value: String, context: BridgeRequestContext
  ) async -> Response {
    let renewal: Apikeyserv_V1_RenewalInfo
    do {
      renewal = try await client.renewal(value)
    } catch {
      return refusal(error, logger: context.logger)
    }
    let (token, isNew) = CSRFToken.current(request)
    var response = pages.renew(Self.fields(renewal), csrf: token)
    if isNew { response.headers[.setCookie] = CSRFToken.setCookie(token) }
    return response
  }

  private func renew(
    _ request: Request, value: String, context: BridgeRequestContext
  ) async -> Response {
    let body = (try? await request.body.collect(upTo: 4096)).map { String(buffer: $0) } ?? ""
    let submitted = SelfServiceEndpoints.field(CSRFToken.field, in: body)
    guard CSRFToken.matches(request, submitted: submitted), let csrf = submitted else {
      return pages.message(
        .forbidden, title: "Verlopen",
        nl: "Deze pagina is verlopen. Open de link uit de e-mail opnieuw; er is niets veranderd.",
        en: "This page has expired. Open the link in the e-mail again; nothing was changed.")
    }
    let answer: Apikeyserv_V1_RenewByLinkResponse
    do {
      answer = try await client.renew(value)
    } catch {
      return refusal(error, logger: context.logger)
    }
    context.logger.info("Key renewed by link", metadata: ["key.id": "\(answer.renewal.keyID)"])
    // Post, redirect, get: a refresh shows the result again instead of using the link again.
    let id = results.put(
      key: Self.fields(answer.renewal).merging(["renewed": "true"]) { $1 },
      token: answer.token.isEmpty ? nil : answer.token, csrf: csrf, now: clock())
    return Response(
      status: .seeOther, headers: [.location: "/renew/done/\(id)", .cacheControl: "no-store"])
  }

  private func showResult(_ request: Request, id: String) -> Response {
    guard let entry = results.get(id, csrf: CSRFToken.cookieToken(request), now: clock()) else {
      return pages.message(
        .notFound, title: "Niet meer beschikbaar",
        nl:
          "Deze pagina is verlopen of hoort bij een andere browser. De sleutel is wel verlengd; vraag zo nodig de beheerders om hem opnieuw te ondertekenen.",
        en:
          "This page has expired or belongs to another browser. The key was renewed; ask the administrators to re-sign it if you need its token."
      )
    }
    return pages.result(key: entry.key, token: entry.token)
  }

  /// The page for a refusal: the daemon's words (which name no contact detail) under a heading
  /// that says what kind it is.
  private func refusal(_ error: any Error, logger: Logger) -> Response {
    guard let error = error as? RPCError else {
      logger.warning("Renewal call failed", metadata: ["error": "\(error)"])
      return unavailable()
    }
    switch error.code {
    case .invalidArgument, .notFound:
      return pages.message(
        .notFound, title: "Ongeldige link",
        nl:
          "Deze verlenglink is niet geldig: hij is onvolledig of veranderd. Kopieer de hele link uit de e-mail.",
        en:
          "This renewal link is not valid (\(error.message)). Copy the whole link from the e-mail."
      )
    case .failedPrecondition:
      return pages.message(
        .gone, title: "Kan niet verlengen",
        nl: "Deze link kan niet (meer) gebruikt worden; er is niets veranderd.",
        en: "This link cannot be used: \(error.message). Nothing was changed.")
    case .unavailable where !error.message.isEmpty && error.message.contains("renewed"):
      return pages.message(
        .serviceUnavailable, title: "Verlengd, niet verstuurd",
        nl:
          "De sleutel is verlengd, maar de e-mail met de nieuwe sleutel kon niet verstuurd worden. Neem contact op met de beheerders.",
        en: "\(error.message).")
    default:
      logger.warning(
        "apikeyserv did not renew",
        metadata: ["grpc.code": "\(error.code)", "reason": "\(error.message)"])
      return unavailable()
    }
  }

  private func unavailable() -> Response {
    pages.message(
      .serviceUnavailable, title: "Even niet beschikbaar",
      nl: "Verlengen kan op dit moment niet. Probeer het later opnieuw; er is niets veranderd.",
      en: "Keys cannot be renewed right now. Please try again later; nothing was changed.",
      headers: [.retryAfter: "30"])
  }

  /// What the pages show of a renewal.
  static func fields(_ renewal: Apikeyserv_V1_RenewalInfo) -> [String: String] {
    let day = { (date: Date) in date.formatted(.iso8601.year().month().day()) }
    var fields = [
      "id": "\(renewal.keyID)", "organisation": renewal.organisation,
      "expires": renewal.hasRenewedUntil ? day(renewal.renewedUntil.date) : "-",
      "currentExpiry": renewal.hasExpiresAt ? day(renewal.expiresAt.date) : "-",
    ]
    if !renewal.name.isEmpty { fields["name"] = renewal.name }
    return fields
  }
}
