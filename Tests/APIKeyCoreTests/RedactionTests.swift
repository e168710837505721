import APIKeyCore
import Testing

@Suite("Contact details taken out of outside text")
struct RedactionTests {
  @Test(
    "Addresses in a mail agent's words are replaced, in any case and in brackets; the rest stays")
  func addresses() {
    let said = "msmtp: recipient address <Jan.Doe@Example.org> not accepted by the server (550)"
    let redacted = Redaction.emailAddresses(in: said, known: ["jan.doe@example.org"])
    #expect(
      redacted
        == "msmtp: recipient address <<e-mail address>> not accepted by the server (550)")
    let postfix = Redaction.emailAddresses(in: "to=a.b+c@sub.example.com, status=bounced")
    #expect(!postfix.contains("@") && postfix.hasSuffix(", status=bounced"), "\(postfix)")
    #expect(Redaction.emailAddresses(in: "mail queue full") == "mail queue full")
  }
}
