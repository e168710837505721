public import APIKeyCore

/// The daemon's side of self-service (`--self-service`): the registration socket, the limits it
/// enforces as the authority, and how a new key reaches its requester.
public struct SelfServiceConfiguration: Sendable, Equatable {
  /// How the token reaches the requester.
  public enum Delivery: String, Sendable, Equatable, CaseIterable {
    /// In the answer, shown once on the bridge's page (as the original does).
    case page
    /// E-mailed to the key's first address through the host's sendmail; the answer does not
    /// carry it. Proves the address.
    case email
  }

  /// The registration socket: Registration and Health only.
  public var socketPath: String
  /// The group allowed on it (mode 0660), e.g. the bridge's user's group; nil: 0600.
  public var group: String?
  public var delivery: Delivery = .page
  /// The sendmail interface of the host's mail transfer agent (msmtp, postfix, exim).
  public var sendmailPath = "/usr/sbin/sendmail"
  /// The e-mail's From address; nil: the mail transfer agent's default.
  public var mailFrom: String?
  /// Who issues the keys, as the e-mail names it.
  public var siteName = "API keys"
  /// New keys per e-mail address (of `email`).
  public var perEmail = RateLimit(count: 3, window: 86400)
  /// New keys per client address, as the bridge reports it.
  public var perClient = RateLimit(count: 10, window: 3600)
  /// New keys from self-service altogether.
  public var overall = RateLimit(count: 100, window: 3600)

  /// Self-service on `socketPath`, with the defaults for the rest.
  public init(socketPath: String) {
    self.socketPath = socketPath
  }
}
