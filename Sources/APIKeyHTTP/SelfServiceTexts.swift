import Foundation

/// What the self-service pages say about who runs them: set by flags or a small JSON file
/// (`{"site_name": …, "contact_email": …, "privacy_url": …}`). The defaults are neutral.
public struct SelfServiceTexts: Sendable, Equatable, Codable {
  /// The organisation that issues the keys, in titles and the e-mail.
  public var siteName = "API keys"
  /// Where requesters can ask questions; nil: not shown.
  public var contactEmail: String?
  /// The full privacy statement; nil: the pages' own short text only.
  public var privacyURL: String?

  enum CodingKeys: String, CodingKey {
    case siteName = "site_name"
    case contactEmail = "contact_email"
    case privacyURL = "privacy_url"
  }

  public init(siteName: String = "API keys", contactEmail: String? = nil, privacyURL: String? = nil)
  {
    self.siteName = siteName
    self.contactEmail = contactEmail
    self.privacyURL = privacyURL
  }

  /// The texts in the JSON file at `path`; what it leaves out keeps its default.
  public init(file path: String) throws {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    let partial = try JSONDecoder().decode(Partial.self, from: data)
    self.init(
      siteName: partial.site_name ?? "API keys", contactEmail: partial.contact_email,
      privacyURL: partial.privacy_url)
  }

  private struct Partial: Decodable {
    var site_name: String?
    var contact_email: String?
    var privacy_url: String?
  }
}
