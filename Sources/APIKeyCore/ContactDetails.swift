/// Who holds an API key: the contact fields of the original's form.
public struct ContactDetails: Sendable, Equatable {
  /// Required; a valid e-mail address.
  public var email: String
  /// Required, as in the original's form.
  public var organisation: String
  public var contactName: String
  public var email2: String
  public var contactName2: String
  public var department: String

  /// Contact details; optional fields default to empty.
  public init(
    email: String, organisation: String, contactName: String = "", email2: String = "",
    contactName2: String = "", department: String = ""
  ) {
    self.email = email
    self.organisation = organisation
    self.contactName = contactName
    self.email2 = email2
    self.contactName2 = contactName2
    self.department = department
  }

  /// The same details with every field trimmed and checked as the original's form does (required
  /// fields, e-mail syntax, 256 characters), plus no control characters.
  public func validated() throws(APIKeyError) -> ContactDetails {
    var out = self
    out.email = try FieldRule.email(required: true).check(email, field: "email")
    out.organisation = try FieldRule.text(required: true).check(organisation, field: "organisation")
    out.contactName = try FieldRule.text(required: false).check(contactName, field: "contact_name")
    out.email2 = try FieldRule.email(required: false).check(email2, field: "email_2")
    out.contactName2 = try FieldRule.text(required: false).check(
      contactName2, field: "contact_name_2")
    out.department = try FieldRule.text(required: false).check(department, field: "department")
    return out
  }
}
