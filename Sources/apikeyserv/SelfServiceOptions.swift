import APIKeyCommandSupport
import APIKeyCore
import APIKeyOperations
public import APIKeyServer
import APIKeyService
public import ArgumentParser

/// `--self-service` and what goes with it: the registration socket, delivery and limits.
struct SelfServiceOptions: ParsableArguments {
  @Flag(
    help:
      "Open the registration socket, so apikey-http --self-service can let the public request keys."
  )
  var selfService = false

  @Option(
    help:
      "Registration socket path (Registration + Health, mode 0600). Default: DATA_DIR/register.sock"
  )
  var registerSocket: String?

  @Option(
    help: "Let this group use the registration socket (mode 0660): the bridge's user's group.")
  var registerGroup: String?

  @Option(
    help: "How a new key reaches its requester: page (shown once) or email (sent to email_1).")
  var selfServiceDelivery: SelfServiceConfiguration.Delivery = .page

  @Option(
    help: "The host's sendmail program, for --self-service-delivery email and --expiry-reminders.")
  var sendmail = "/usr/sbin/sendmail"

  @Option(
    help:
      "From address of the key e-mails, with a name if you like (API keys <noreply@example.org>). Default: the mail transfer agent's."
  )
  var mailFrom: String?

  @Option(
    help:
      "Who issues the keys, as the daemon's e-mails name it (the bridge's --site-name names it on the pages)."
  )
  var siteName = "API keys"

  @Option(help: "Self-service keys per e-mail address (COUNT/UNIT: second, minute, hour, day).")
  var limitPerEmail = RateLimit(count: 3, window: 86400)

  @Option(help: "Self-service keys per client address (an IPv6 client counts per /64).")
  var limitPerClient = RateLimit(count: 10, window: 3600)

  @Option(help: "Self-service keys altogether.")
  var limitOverall = RateLimit(count: 100, window: 3600)

  func validate() throws {
    let given = registerSocket != nil || registerGroup != nil || selfServiceDelivery != .page
    guard selfService || !given else {
      throw ValidationError(
        "--register-socket, --register-group and --self-service-delivery need --self-service")
    }
    if let mailFrom, Mailbox(mailFrom) == nil {
      throw ValidationError(
        "--mail-from: \(mailFrom) is not an e-mail address, with or without a name (noreply@example.org, or API keys <noreply@example.org>)"
      )
    }
    if selfServiceDelivery == .email { try checkSendmail() }
    if siteName.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
      throw ValidationError("--site-name must not contain control characters")
    }
  }

  /// Refuses a `--sendmail` that is not an absolute path to a program only root or the daemon's
  /// user can replace: the daemon runs it (for key mails and for expiry reminders).
  func checkSendmail() throws {
    guard sendmail.hasPrefix("/") else {
      throw ValidationError("--sendmail must be an absolute path")
    }
    if let problem = TrustedPath.problem(sendmail, what: "the sendmail program") {
      throw ValidationError(problem)
    }
  }

  /// The self-service configuration, or nil without `--self-service`.
  func configuration(dataDirectory: String) -> SelfServiceConfiguration? {
    guard selfService else { return nil }
    var configuration = SelfServiceConfiguration(
      socketPath: registerSocket ?? "\(dataDirectory)/register.sock")
    configuration.group = registerGroup
    configuration.delivery = selfServiceDelivery
    configuration.sendmailPath = sendmail
    configuration.mailFrom = mailFrom
    configuration.siteName = siteName
    configuration.perEmail = limitPerEmail
    configuration.perClient = limitPerClient
    configuration.overall = limitOverall
    return configuration
  }
}

extension SelfServiceConfiguration.Delivery: ExpressibleByArgument {}
