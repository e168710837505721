import APIKeyCommandSupport
import APIKeyCore
import APIKeyService
import ArgumentParser
import Foundation

/// `--expiry-reminders` and renewal: when owners are told, how far a renewal reaches, and the
/// renewal link's address and lifetime.
struct ReminderOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "E-mail each key's contacts this long before it expires, once per threshold (`30d,7d,1d`), through --sendmail, From --mail-from, naming --site-name. Default: none.",
      valueName: "durations"),
    transform: Thresholds.parse)
  var expiryReminders: Thresholds?

  @Option(
    help: ArgumentHelp(
      "How far a renewal (`apikeyctl keys renew`, a reminder's link) moves a key's expiry, from its current expiry.",
      valueName: "duration"))
  var renewalPeriod = DurationArgument(argument: "365d")!

  @Option(
    help: ArgumentHelp(
      "The self-service bridge's public address (https://keys.example.org): each reminder links to /renew/… there, where the owner renews once. Needs --self-service. Default: no link; the reminder says to ask --mail-from.",
      valueName: "url"))
  var renewalURL: String?

  @Option(
    help: ArgumentHelp("How long a reminder's renewal link works.", valueName: "duration"))
  var renewalLinkLifetime = DurationArgument(argument: "45d")!

  /// `30d,7d,1d`: distinct durations of a second to a year.
  struct Thresholds: CustomStringConvertible {
    let seconds: [Double]

    /// The thresholds `text` names; a `ValidationError` that says what is wrong otherwise.
    static func parse(_ text: String) throws -> Thresholds {
      var seconds: [Double] = []
      for part in text.split(separator: ",", omittingEmptySubsequences: false) {
        let word = part.trimmingCharacters(in: .whitespaces)
        guard let duration = DurationArgument(argument: word)?.seconds,
          (1 ... 366 * 86_400).contains(duration)
        else {
          throw ValidationError(
            "'\(word)' is not a duration of a second to 366 days (30d,7d,1d)")
        }
        guard !seconds.contains(duration) else {
          throw ValidationError("'\(word)' is named twice")
        }
        seconds.append(duration)
      }
      guard seconds.count <= 10 else {
        throw ValidationError("at most 10 thresholds")
      }
      return Thresholds(seconds: seconds.sorted(by: >))
    }

    var description: String { seconds.map(DurationText.short).joined(separator: ",") }
  }

  func validate() throws {
    guard renewalPeriod.seconds >= 86_400 else {
      throw ValidationError("--renewal-period must be at least a day")
    }
    guard renewalLinkLifetime.seconds >= 60 else {
      throw ValidationError("--renewal-link-lifetime must be at least a minute")
    }
    if let renewalURL {
      guard let url = URL(string: renewalURL), ["http", "https"].contains(url.scheme ?? ""),
        url.host?.isEmpty == false, url.query == nil, url.fragment == nil
      else {
        throw ValidationError(
          "--renewal-url: \(renewalURL) is not an http(s) address without query (https://keys.example.org)"
        )
      }
      guard expiryReminders != nil else {
        throw ValidationError("--renewal-url needs --expiry-reminders (the links are in them)")
      }
    }
  }

  /// The reminders' configuration, or nil without `--expiry-reminders`.
  func configuration(selfService: SelfServiceOptions) -> ReminderConfiguration? {
    guard let expiryReminders else { return nil }
    var configuration = ReminderConfiguration(thresholds: expiryReminders.seconds)
    configuration.renewalURL = renewalURL.map {
      $0.hasSuffix("/") ? String($0.dropLast()) : $0
    }
    configuration.linkLifetime = renewalLinkLifetime.seconds
    configuration.sendmailPath = selfService.sendmail
    configuration.mailFrom = selfService.mailFrom
    configuration.siteName = selfService.siteName
    return configuration
  }
}
