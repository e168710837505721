import APIKeyCommandSupport
import APIKeyCore
import APIKeyHTTP
import ArgumentParser
import Foundation

/// `--self-service` and what goes with it: the registration socket, proxies, the limit, texts.
struct SelfServiceOptions: ParsableArguments {
  @Flag(help: "Serve /register/, /apikeys/ and /docs/, so the public can request keys.")
  var selfService = false

  @Option(help: "The daemon's registration socket. Default: register.sock beside --socket")
  var registerSocket: String?

  @Option(
    help: ArgumentHelp(
      "A proxy (CIDR, or one address) whose X-Forwarded-For names the client; repeat for more.",
      valueName: "cidr"))
  var trustProxy: [String] = []

  @Option(help: "Key requests per client address (COUNT/UNIT: second, minute, hour, day).")
  var limitPerClient = RateLimit(count: 10, window: 3600)

  @Option(help: "Largest request body of /register/ and /apikeys/, in bytes.")
  var maxBodySize = 16 * 1024

  @Option(
    help: ArgumentHelp(
      "An origin (https://HOST[:PORT]) whose pages may POST /apikeys/ from a browser; repeat, or separate with commas, for more. Default: any origin, as the original (any web page can then make its visitors request keys).",
      valueName: "origin"))
  var allowedOrigin: [String] = []

  @Option(help: "A JSON file with the pages' texts: site_name, contact_email, privacy_url.")
  var selfServiceTexts: String?

  @Option(
    help:
      "Who issues the keys, as the pages name it (overrides the texts file; the daemon's --site-name names it in the e-mails)."
  )
  var siteName: String?

  @Option(help: "An address for questions, shown on the pages.")
  var contactEmail: String?

  @Option(help: "A link to the full privacy statement, shown beside the form's privacy text.")
  var privacyURL: String?

  @Option(
    help: ArgumentHelp(
      "The base URL of the APIs the keys are for, for the examples on /docs/ (https://api.data.example.org). Default: a placeholder.",
      valueName: "url"))
  var apiBaseURL: String?

  /// The `--allowed-origin` values, commas split.
  private var origins: [String] {
    allowedOrigin.flatMap { $0.split(separator: ",") }.map {
      $0.trimmingCharacters(in: .whitespaces)
    }
  }

  func validate() throws {
    let given =
      registerSocket != nil || !trustProxy.isEmpty || selfServiceTexts != nil || siteName != nil
      || contactEmail != nil || privacyURL != nil || !allowedOrigin.isEmpty || apiBaseURL != nil
    guard selfService || !given else {
      throw ValidationError(
        "--register-socket, --trust-proxy, --allowed-origin and the texts need --self-service")
    }
    for origin in origins where BridgeSelfService.origin(origin) == nil {
      throw ValidationError(
        "--allowed-origin: \(origin) is not an origin (http:// or https://, a host, an optional port, nothing after)"
      )
    }
    for cidr in trustProxy where IPNetwork(cidr) == nil {
      throw ValidationError("--trust-proxy: \(cidr) is not an address or a CIDR range")
    }
    guard (1024 ... (1 << 20)).contains(maxBodySize) else {
      throw ValidationError("--max-body-size must be between 1024 and 1048576 bytes")
    }
    if let contactEmail, !EmailAddress.isValid(contactEmail) {
      throw ValidationError("--contact-email: \(contactEmail) is not a valid e-mail address")
    }
    if let apiBaseURL, !(apiBaseURL.hasPrefix("https://") || apiBaseURL.hasPrefix("http://")) {
      throw ValidationError("--api-base-url must be an http(s) URL")
    }
    if let privacyURL, !(privacyURL.hasPrefix("https://") || privacyURL.hasPrefix("http://")) {
      throw ValidationError("--privacy-url must be an http(s) URL")
    }
  }

  /// The bridge's self-service configuration, or nil without `--self-service`.
  func configuration(socketPath: String) throws -> BridgeSelfService? {
    guard selfService else { return nil }
    let directory = (socketPath as NSString).deletingLastPathComponent
    var configuration = BridgeSelfService(
      registerSocketPath: registerSocket
        ?? (directory.isEmpty ? "register.sock" : "\(directory)/register.sock"))
    // '!' is fine: validate() checked every range.
    configuration.trustedProxies = trustProxy.map { IPNetwork($0)! }
    configuration.perClient = limitPerClient
    configuration.maximumBodySize = maxBodySize
    // '!' is fine: validate() checked every origin.
    configuration.allowedOrigins = origins.map { BridgeSelfService.origin($0)! }
    if let selfServiceTexts {
      if let problem = TrustedPath.problem(selfServiceTexts, what: "the texts file") {
        throw ValidationError("--self-service-texts: \(problem)")
      }
      do {
        configuration.texts = try SelfServiceTexts(file: selfServiceTexts)
      } catch {
        throw ValidationError("--self-service-texts \(selfServiceTexts): \(error)")
      }
    }
    if let siteName { configuration.texts.siteName = siteName }
    if let contactEmail { configuration.texts.contactEmail = contactEmail }
    if let privacyURL { configuration.texts.privacyURL = privacyURL }
    configuration.apiBaseURL = apiBaseURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
    return configuration
  }
}
