import APIKeyCore
import APIKeyCrypto
import Foundation
import Testing

/// Reading the original's `dumpdata` JSON.
@Suite("Django dump")
struct DjangoDumpTests {
  let amsterdam = TimeZone(identifier: "Europe/Amsterdam")!
  let key = Ed25519PrivateKey()

  func dump(_ records: String) throws(APIKeyError) -> DjangoDump {
    try DjangoDump(json: Array(records.utf8), timeZone: amsterdam)
  }

  func apiKey(pk: String = "8470085294294189613", _ fields: String) -> String {
    #"{"model":"apikeys.apikey","pk":\#(pk),"fields":{\#(fields)}}"#
  }

  var signingKey: String {
    let pem = key.pemRepresentation.replacingOccurrences(of: "\n", with: "\\n")
    return
      #"{"model":"apikeys.signingkey","pk":1,"fields":{"private":"\#(pem)","active":false,"created":"2026-11-29T06:54:15.469"}}"#
  }

  static let fields =
    #""contactperson_1_name":"Zoë 李","email_1":"a@example.com","contactperson_2_name":"","email_2":null,"organisation":"Gemeente","department":"","created":"2026-07-01T14:30:00.123","modified":"2026-07-02T09:00:00","expires":null,"sent":true"#

  @Test(
    "Naive times are Amsterdam local time, summer and winter; ids, names and flags come through exactly"
  )
  func reads() throws {
    let parsed = try dump("[\(signingKey),\(apiKey(Self.fields))]")
    let record = try #require(parsed.keys.first)
    #expect(record.id == 8_470_085_294_294_189_613)
    #expect(record.contact.contactName == "Zoë 李")
    #expect(record.contact.email2 == "")
    // 12:30:00.123Z (CEST)
    #expect(record.createdAt.microsecondsSince1970 == 1_782_909_000_123_000)
    #expect(record.modifiedAt == Date(timeIntervalSince1970: 1_782_975_600))
    #expect(record.expiresAt == nil)
    #expect(record.sent)
    let signing = try #require(parsed.signingKeys.first)
    #expect(!signing.active)
    // 05:54:15.469Z (CET)
    #expect(signing.createdAt.microsecondsSince1970 == 1_795_931_655_469_000)
    #expect(signing.kid == JSONWebKey(publicKey: key.publicKey).thumbprint)
  }

  @Test("Another zone, explicit offsets and the older field names email and reason")
  func zonesAndOldNames() throws {
    let utc = try DjangoDump(
      json: Array("[\(apiKey(Self.fields))]".utf8), timeZone: TimeZone(identifier: "UTC")!)
    #expect(utc.keys[0].createdAt.microsecondsSince1970 == 1_782_916_200_123_000)
    let old = try dump(
      "[\(apiKey(pk: "9223372036854775807", #""email":"old@example.com","reason":"Kaart","organisation":"O","created":"2026-01-01T00:00:00+01:00","expires":"2027-01-01T00:00:00Z""#))]"
    )
    #expect(old.keys[0].id == Int64.max)
    #expect(old.keys[0].contact.email == "old@example.com")
    #expect(old.keys[0].reason == "Kaart")
    #expect(old.keys[0].createdAt == Date(timeIntervalSince1970: 1_767_222_000))
    #expect(old.keys[0].expiresAt == Date(timeIntervalSince1970: 1_798_761_600))
  }

  @Test(
    "A malformed dump is refused whole, naming the record and field",
    arguments: [
      ("[", "dump"),
      (#"{"model":"apikeys.apikey"}"#, "dump"),
      (
        #"[{"model":"apikeys.apikey","pk":5,"fields":{"organisation":"O","created":"2026-01-01T00:00:00"}}]"#,
        "record 1 (apikeys.apikey pk=5) email_1"
      ),
      (
        #"[{"model":"apikeys.apikey","pk":9223372036854775808,"fields":{}}]"#,
        "record 1 (apikeys.apikey pk=9223372036854775808) pk"
      ),
      (
        #"[{"model":"apikeys.apikey","pk":5,"fields":{"email_1":"x","organisation":"O","created":"2026-01-01T00:00:00"}}]"#,
        "record 1 (apikeys.apikey pk=5) email_1"
      ),
      (
        #"[{"model":"apikeys.apikey","pk":5,"fields":{"email_1":"a@example.com","organisation":"O","created":"yesterday"}}]"#,
        "record 1 (apikeys.apikey pk=5) created"
      ),
      (
        #"[{"model":"apikeys.apikey","pk":5,"fields":{"email_1":"a@example.com","organisation":"O","created":"2026-01-01T00:00:00","sent":"no"}}]"#,
        "record 1 (apikeys.apikey pk=5) sent"
      ),
      (
        #"[{"model":"apikeys.signingkey","pk":3,"fields":{"private":"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n","created":"2026-01-01T00:00:00"}}]"#,
        "record 1 (apikeys.signingkey pk=3) private"
      ),
    ])
  func refuses(_ json: String, field: String) {
    #expect {
      _ = try dump(json)
    } throws: { error in
      guard case .invalidArgument(let named, _) = error as? APIKeyError else { return false }
      return named == field
    }
  }

  @Test("The same id twice is refused")
  func duplicateID() {
    let fields = #""email_1":"a@example.com","organisation":"O","created":"2026-01-01T00:00:00""#
    let error = #expect(throws: APIKeyError.self) {
      _ = try dump("[\(apiKey(pk: "7", fields)),\(apiKey(pk: "7", fields))]")
    }
    #expect(error?.message.contains("7") == true)
  }
}
