import APIKeyCore
import APIKeyCrypto
import APIKeyRPC
import Foundation
import SwiftProtobuf

/// Domain values as protobuf messages.
extension Apikeyserv_V1_KeyRecord {
  init(_ record: KeyRecord) {
    self.init()
    id = UInt64(record.id)
    email = record.contact.email
    organisation = record.contact.organisation
    contactName = record.contact.contactName
    email2 = record.contact.email2
    contactName2 = record.contact.contactName2
    department = record.contact.department
    createdAt = .init(microsecondsOf: record.createdAt)
    modifiedAt = .init(microsecondsOf: record.modifiedAt)
    if let expiresAt = record.expiresAt { self.expiresAt = .init(microsecondsOf: expiresAt) }
    sent = record.sent
  }
}

extension Apikeyserv_V1_SigningKey {
  init(_ key: SigningKeyInfo, signing: Bool) {
    self.init()
    kid = key.kid
    publicKey = Data(key.publicKey.rawRepresentation)
    createdAt = .init(microsecondsOf: key.createdAt)
    notBefore = .init(microsecondsOf: key.notBefore)
    if let retiredAt = key.retiredAt { self.retiredAt = .init(microsecondsOf: retiredAt) }
    self.signing = signing
  }
}

extension Apikeyserv_V1_PublicKeySet {
  init(_ set: PublishedKeySet, now: Date) {
    self.init()
    keys = set.keys.map { key in
      .with {
        $0.kid = key.kid
        $0.publicKey = Data(key.publicKey.rawRepresentation)
        $0.createdAt = .init(microsecondsOf: key.createdAt)
        $0.notBefore = .init(microsecondsOf: key.notBefore)
      }
    }
    revision = set.revision
    jwksJson = set.jwksJSON
    signingKid = set.signingKey(at: now)?.kid ?? ""
  }
}

extension Apikeyserv_V1_VerifyKeyResponse {
  init(_ result: Result<VerifiedToken, TokenVerificationFailure>) {
    self.init()
    switch result {
    case .success(let token):
      valid = true
      subject = token.subject
      kid = token.kid
      if let expiresAt = token.claims.expiresAt { self.expiresAt = .init(microsecondsOf: expiresAt) }
    case .failure(let failure):
      valid = false
      message = failure.description
      switch failure {
      case .malformed: reason = .malformed
      case .unknownKid(let named):
        reason = .unknownKid
        kid = named
      case .badSignature: reason = .badSignature
      case .expired(let at):
        reason = .expired
        expiresAt = .init(microsecondsOf: at)
      case .notYetValid: reason = .notYetValid
      }
    }
  }
}

extension IssueRequest {
  /// The domain request of an IssueKey call; timestamps are range-checked.
  init(_ message: Apikeyserv_V1_IssueKeyRequest) throws(APIKeyError) {
    let expiry: KeyExpiry
    switch message.expiry {
    case .expiresAt(let timestamp)?: expiry = .at(try timestamp.validatedDate(field: "expires_at"))
    case .noExpiry(true)?: expiry = .never
    case .noExpiry(false)?, nil: expiry = .defaultTerm
    }
    self.init(
      contact: ContactDetails(
        email: message.email, organisation: message.organisation, contactName: message.contactName,
        email2: message.email2, contactName2: message.contactName2, department: message.department),
      expiry: expiry,
      requestID: message.requestID.isEmpty ? nil : message.requestID)
  }
}
