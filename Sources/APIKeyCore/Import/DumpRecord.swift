import APIKeyCrypto
import Foundation

/// One record of a Django dump being read, with what it takes to name it in an error.
struct DumpRecord {
  let index: Int
  let model: String
  let pk: JSONValue
  let fields: [String: JSONValue]

  init(_ value: JSONValue, index: Int) throws(APIKeyError) {
    self.index = index
    guard case .object(let object) = value else {
      throw .invalidArgument(
        field: "record \(index + 1)", reason: "is \(value.kind), not an object")
    }
    guard case .string(let model)? = object["model"] else {
      throw .invalidArgument(field: "record \(index + 1)", reason: "has no model")
    }
    guard case .object(let fields)? = object["fields"] else {
      throw .invalidArgument(
        field: "record \(index + 1) (\(model))", reason: "has no fields object")
    }
    self.model = model
    self.pk = object["pk"] ?? .null
    self.fields = fields
  }

  /// A failure naming this record and `field`.
  func failure(_ field: String, _ reason: String) -> APIKeyError {
    let pkText: String
    switch pk {
    case .integer(let value): pkText = " pk=\(value)"
    case .otherNumber(let text), .string(let text): pkText = " pk=\(text)"
    default: pkText = ""
    }
    return .invalidArgument(
      field: "record \(index + 1) (\(model)\(pkText)) \(field)", reason: reason)
  }

  // MARK: Models

  func apiKey(reader: DjangoTimestampReader) throws(APIKeyError) -> KeyRecord {
    guard case .integer(let id) = pk, id > 0 else {
      throw failure("pk", "must be an API key id between 1 and 2^63-1")
    }
    let email = try string(["email_1", "email"], required: true)
    let contact = ContactDetails(
      email: email, organisation: try string(["organisation"], required: true),
      contactName: try string(["contactperson_1_name"]), email2: try string(["email_2"]),
      contactName2: try string(["contactperson_2_name"]), department: try string(["department"]))
    let checked: ContactDetails
    do {
      checked = try contact.validated()
    } catch {
      guard case .invalidArgument(let field, let reason) = error else { throw error }
      throw failure(Self.originalName[field] ?? field, reason)
    }
    let created = try time("created", reader: reader, required: true)
    return KeyRecord(
      id: id, contact: checked,
      // '!' is fine: required times are never nil.
      createdAt: created!,
      modifiedAt: try time("modified", reader: reader, required: false) ?? created!,
      expiresAt: try time("expires", reader: reader, required: false),
      sent: try bool("sent", default: false), reason: try string(["reason"]))
  }

  func signingKey(
    reader: DjangoTimestampReader
  ) throws(APIKeyError)
    -> ImportedSigningKey
  {
    let pem = try string(["private"], required: true)
    let key: Ed25519PrivateKey
    do {
      key = try Ed25519PrivateKey(pem: pem)
    } catch {
      throw failure("private", "is not an Ed25519 PKCS#8 PEM: \(error.description)")
    }
    // '!' is fine: a required time is never nil.
    return ImportedSigningKey(
      privateKey: key, active: try bool("active", default: true),
      createdAt: try time("created", reader: reader, required: true)!)
  }

  // MARK: Fields

  /// Our field names in the original's words, for errors.
  private static let originalName = [
    "email": "email_1", "contact_name": "contactperson_1_name", "email_2": "email_2",
    "contact_name_2": "contactperson_2_name",
  ]

  /// The first of `names` present: a string, or empty for null or absent (an error when required).
  private func string(_ names: [String], required: Bool = false) throws(APIKeyError) -> String {
    for name in names {
      switch fields[name] {
      case .string(let value)?: return value
      case .null?, nil: continue
      case let other?: throw failure(name, "is \(other.kind), not a string")
      }
    }
    if required { throw failure(names[0], "is missing") }
    return ""
  }

  private func bool(_ name: String, default value: Bool) throws(APIKeyError) -> Bool {
    switch fields[name] {
    case .bool(let flag)?: return flag
    case .null?, nil: return value
    case let other?: throw failure(name, "is \(other.kind), not a boolean")
    }
  }

  private func time(
    _ name: String, reader: DjangoTimestampReader, required: Bool
  )
    throws(APIKeyError) -> Date?
  {
    switch fields[name] {
    case .string(let text)?:
      guard let date = reader.date(text) else {
        throw failure(name, "\"\(text)\" is not a timestamp like 2026-11-29T06:54:15.469")
      }
      return date
    case .null?, nil:
      if required { throw failure(name, "is missing") }
      return nil
    case let other?:
      throw failure(name, "is \(other.kind), not a timestamp")
    }
  }
}
