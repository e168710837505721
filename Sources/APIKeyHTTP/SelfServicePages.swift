import APIKeyCore
import APIKeyCrypto
import Foundation
import HTTPTypes
import Hummingbird
import Mustache

/// Renders the self-service pages (`SelfServiceTemplates`) into responses with the headers
/// such pages need: no caching (a page may show a key), a content security policy that allows
/// only the page's own inline style and script (by nonce), no framing, no referrer.
struct SelfServicePages: Sendable {
  let texts: SelfServiceTexts
  let library: MustacheLibrary

  init(texts: SelfServiceTexts) {
    self.texts = texts
    // '!' is fine: the templates are constants, and a unit test renders every one.
    library = MustacheLibrary(
      templates: SelfServiceTemplates.all.mapValues { try! MustacheTemplate(string: $0) })
  }

  /// One field of the form, as the template shows it.
  struct Field {
    let name: String
    let nl: String
    let en: String
    let type: String
    let autocomplete: String
    let required: Bool
  }

  static let fields = [
    Field(
      name: "contactperson_1_name", nl: "Naam contactpersoon", en: "Contact name", type: "text",
      autocomplete: "name", required: false),
    Field(
      name: "email_1", nl: "E-mailadres", en: "E-mail address", type: "email",
      autocomplete: "email", required: true),
    Field(
      name: "contactperson_2_name", nl: "Naam tweede contactpersoon", en: "Second contact name",
      type: "text", autocomplete: "off", required: false),
    Field(
      name: "email_2", nl: "Tweede e-mailadres", en: "Second e-mail address", type: "email",
      autocomplete: "off", required: false),
    Field(
      name: "organisation", nl: "Organisatie", en: "Organisation", type: "text",
      autocomplete: "organization", required: true),
    Field(
      name: "department", nl: "Afdeling", en: "Department", type: "text", autocomplete: "off",
      required: false),
    Field(
      name: "name", nl: "Waarvoor gebruikt u de sleutel?", en: "What will you use it for?",
      type: "text", autocomplete: "off", required: false),
  ]

  /// Django's English messages (kept as they are in the JSON answer), in Dutch for the page.
  static let dutch = [
    "This field is required.": "Dit veld is verplicht.",
    "Enter a valid email address.": "Vul een geldig e-mailadres in.",
    "Ensure this field has no more than \(FieldRule.maximumLength) characters.":
      "Gebruik hoogstens \(FieldRule.maximumLength) tekens.",
  ]

  /// What the form says above its fields, beside the introduction.
  enum Notice {
    /// The form as it was sent came back: its page expired (or no cookie came with it).
    case expired
  }

  /// The form, with `form`'s values and `errors` beside their fields and in a summary at the
  /// top (each linking to its field; focus moves there), introduced as `status` says keys are
  /// delivered now.
  func register(
    form: RegistrationForm, errors: RegistrationForm.Errors, csrf: String,
    status: RegistrationStatus.Info, notice: Notice? = nil,
    code: HTTPResponse.Status = .ok
  ) -> Response {
    var summary: [[String: String]] = []
    let fields: [[String: Any]] = Self.fields.map { field in
      var row: [String: Any] = [
        "name": field.name, "nl": field.nl, "en": field.en, "type": field.type,
        "autocomplete": field.autocomplete, "required": field.required,
        "value": form.values[field.name] ?? "",
      ]
      if let error = errors[field.name]?.first {
        row["error"] = error
        row["errorNL"] = Self.dutch[error] ?? error
        summary.append(
          [
            "target": field.name, "nl": "\(field.nl): \(Self.dutch[error] ?? error)",
            "en": "\(field.en): \(error)",
          ])
      }
      return row
    }
    var context: [String: Any] = [
      "title": errors.isEmpty ? "API-sleutel aanvragen" : "Fout: API-sleutel aanvragen",
      "fields": fields, "csrf": csrf, "agreed": form.agreed,
      // Kept across a form shown again with errors (no key was made); fresh otherwise.
      "requestID": form.requestID.isEmpty ? String(CSRFToken.fresh().prefix(32)) : form.requestID,
    ]
    if let error = errors[RegistrationForm.agreement]?.first {
      context["agreementError"] = error
      context["agreementErrorNL"] = Self.dutch[error] ?? error
      summary.append(
        [
          "target": RegistrationForm.agreement, "nl": "Akkoord: \(Self.dutch[error] ?? error)",
          "en": "Agreement: \(error)",
        ])
    }
    if !summary.isEmpty {
      context["problems"] = summary
      context["hasProblems"] = true
    }
    if notice == .expired { context["expired"] = true }
    switch status.delivery {
    case .page: context["deliveryPage"] = true
    case .email: context["deliveryEmail"] = true
    case nil: break
    }
    if status.unavailable != nil { context["unavailable"] = true }
    return render("register", context, status: code)
  }

  /// The page after a key was made: the token once (page delivery), or where it was sent.
  func result(key: [String: Any], token: String?) -> Response {
    var context = key
    context["title"] =
      key["renewed"] != nil
      ? "API-sleutel verlengd" : token == nil ? "API-sleutel verstuurd" : "Uw API-sleutel"
    if let token { context["token"] = token }
    return render("result", context, status: .ok)
  }

  /// What renewing a key by a reminder's link does, with the button that does it.
  func renew(_ renewal: [String: String], csrf: String) -> Response {
    var context: [String: Any] = renewal
    context["title"] = "API-sleutel verlengen"
    context["csrf"] = csrf
    return render("renew", context, status: .ok)
  }

  /// How to use a key.
  func docs(base: String, api: String?) -> Response {
    render(
      "docs", ["title": "Documentatie", "base": base, "api": api ?? "https://API_ADDRESS"],
      status: .ok)
  }

  /// A page that says what went wrong, in both languages.
  func message(
    _ status: HTTPResponse.Status, title: String, nl: String, en: String, headers: HTTPFields = [:]
  ) -> Response {
    render("message", ["title": title, "nl": nl, "en": en], status: status, headers: headers)
  }

  private func render(
    _ name: String, _ context: [String: Any], status: HTTPResponse.Status,
    headers extra: HTTPFields = [:]
  ) -> Response {
    let nonce = Base64URL.encode(SecureRandom.bytes(16))
    var context = context
    context["site"] = texts.siteName
    context["nonce"] = nonce
    if let contact = texts.contactEmail { context["contact"] = contact }
    if let privacy = texts.privacyURL { context["privacy"] = privacy }
    let html = library.render(context, withTemplate: name) ?? ""
    var headers = extra
    headers[.contentType] = "text/html; charset=utf-8"
    headers[.cacheControl] = "no-store"
    headers[.contentSecurityPolicy] =
      "default-src 'none'; style-src 'nonce-\(nonce)'; script-src 'nonce-\(nonce)'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    headers[.xContentTypeOptions] = "nosniff"
    headers[.referrerPolicy] = "no-referrer"
    return Response(
      status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
  }
}

extension HTTPField.Name {
  static let referrerPolicy = Self("Referrer-Policy")!
}
