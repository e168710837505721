import APIKeyCore
import APIKeyCrypto
import APIKeyRPC
import APIKeyService
import APIKeyStore
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
    if let revokedAt = record.revokedAt { self.revokedAt = .init(microsecondsOf: revokedAt) }
    reason = record.reason
    name = record.name
    tags = record.tags.values
    if let erasedAt = record.erasedAt { self.erasedAt = .init(microsecondsOf: erasedAt) }
  }
}

extension Apikeyserv_V1_SigningKey {
  /// The key as admins see it, in `state`.
  init(_ key: SigningKeyInfo, state: SigningKeyState) {
    self.init()
    kid = key.kid
    publicKey = Data(key.publicKey.rawRepresentation)
    createdAt = .init(microsecondsOf: key.createdAt)
    notBefore = .init(microsecondsOf: key.notBefore)
    if let retiringAt = key.retiringAt { self.retiringAt = .init(microsecondsOf: retiringAt) }
    if let unpublishedAt = key.unpublishedAt {
      if state == .retired {
        retiredAt = .init(microsecondsOf: unpublishedAt)
      } else {
        leavesAt = .init(microsecondsOf: unpublishedAt)
      }
    }
    signing = state == .current
    self.state = .init(state)
  }
}

extension Apikeyserv_V1_RetirementImpact {
  init(_ impact: RetirementImpact) {
    self.init()
    affectedKeys = UInt64(impact.affectedKeys)
    organisations = impact.organisations.map { entry in
      .with {
        $0.organisation = entry.organisation
        $0.affectedKeys = UInt64(entry.keys)
      }
    }
  }
}

extension Apikeyserv_V1_AuditEntry {
  init(_ stored: StoredAuditEntry) {
    self.init()
    seq = UInt64(stored.seq)
    at = .init(microsecondsOf: stored.entry.at)
    action = stored.entry.action
    target = stored.entry.target
    outcome = stored.entry.outcome
    caller = stored.entry.caller
    hash = Hex.encode(stored.hash)
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
    revoked = set.revoked.map { key in
      .with {
        $0.id = UInt64(key.id)
        $0.revokedAt = .init(microsecondsOf: key.revokedAt)
        if let expiresAt = key.expiresAt { $0.expiresAt = .init(microsecondsOf: expiresAt) }
      }
    }
    revokedJson = set.revokedJSON
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
      if let expiresAt = token.claims.expiresAt {
        self.expiresAt = .init(microsecondsOf: expiresAt)
      }
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
      case .revoked(let subject):
        reason = .revoked
        self.subject = subject
      }
    }
  }
}

extension KeyUpdate {
  /// The domain change of an UpdateKey call; timestamps are range-checked.
  init(_ message: Apikeyserv_V1_UpdateKeyRequest) throws(APIKeyError) {
    self.init()
    if message.hasEmail { email = message.email }
    if message.hasOrganisation { organisation = message.organisation }
    if message.hasContactName { contactName = message.contactName }
    if message.hasEmail2 { email2 = message.email2 }
    if message.hasContactName2 { contactName2 = message.contactName2 }
    if message.hasDepartment { department = message.department }
    switch message.expiry {
    case .expiresAt(let timestamp)?: expiry = .at(try timestamp.validatedDate(field: "expires_at"))
    case .noExpiry(true)?: expiry = .never
    case .noExpiry(false)?, nil: break
    }
    if message.hasSent { sent = message.sent }
    if message.hasName { name = message.name }
    setTags = message.setTags
    removeTags = message.removeTags
  }
}

extension KeyFilter {
  /// The filters of a ListKeys call.
  init(_ message: Apikeyserv_V1_ListKeysRequest) throws(APIKeyError) {
    self.init(
      organisation: message.organisation.isEmpty ? nil : message.organisation,
      email: message.email.isEmpty ? nil : message.email,
      expiringBefore: message.hasExpiringBefore
        ? try message.expiringBefore.validatedDate(field: "expiring_before") : nil,
      revoked: message.hasRevoked ? message.revoked : nil,
      sent: message.hasSent ? message.sent : nil,
      search: message.search.isEmpty
        ? nil : try FieldRule.text(required: false).check(message.search, field: "search"))
    for tag in message.tags {
      let (key, value) = try KeyTags.parse(tag, field: "tags")
      tags[key] = value
    }
    if !message.nameContains.isEmpty {
      nameContains = try FieldRule.text(required: false).check(
        message.nameContains, field: "name_contains")
    }
    if message.hasUsedSince {
      usedSince = try message.usedSince.validatedDate(field: "used_since")
    }
    if message.hasUnusedSince {
      unusedSince = try message.unusedSince.validatedDate(field: "unused_since")
    }
    if message.hasExpired { expired = message.expired }
    if !message.signedBy.isEmpty {
      signedBy = try FieldRule.text(required: false).check(message.signedBy, field: "signed_by")
    }
    switch message.order {
    case .newest: order = .newest
    case .expiry: order = .expiry
    case .UNRECOGNIZED(let value):
      throw .invalidArgument(field: "order", reason: "\(value) is not a known order")
    }
  }
}

extension Google_Protobuf_Duration {
  /// The duration in seconds, refused (naming `field`) when negative or malformed.
  func validatedSeconds(field: String) throws(APIKeyError) -> TimeInterval {
    guard seconds >= 0, nanos >= 0, nanos < 1_000_000_000 else {
      throw .invalidArgument(field: field, reason: "must be a non-negative duration")
    }
    return TimeInterval(seconds) + TimeInterval(nanos) / 1e9
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
      requestID: message.requestID.isEmpty ? nil : message.requestID, name: message.name,
      tags: KeyTags(message.tags))
  }
}

extension Apikeyserv_V1_ExpiryReminder {
  init(_ reminder: ExpiryReminder) {
    self.init()
    keyID = UInt64(reminder.keyID)
    expiresAt = .init(microsecondsOf: reminder.expiresAt)
    thresholdSeconds = UInt64(max(0, reminder.threshold))
    claimedAt = .init(microsecondsOf: reminder.claimedAt)
    if let sentAt = reminder.sentAt { self.sentAt = .init(microsecondsOf: sentAt) }
    attempts = UInt32(clamping: reminder.attempts)
    if let next = reminder.nextAttemptAt { nextAttemptAt = .init(microsecondsOf: next) }
    lastError = reminder.lastError
  }
}

extension Apikeyserv_V1_RenewalInfo {
  /// What renewing `record` by a link gives: the expiry `renewedUntil`.
  init(_ record: KeyRecord, renewedUntil: Date) {
    self.init()
    keyID = UInt64(record.id)
    organisation = record.contact.organisation
    name = record.name
    if let expiresAt = record.expiresAt { self.expiresAt = .init(microsecondsOf: expiresAt) }
    self.renewedUntil = .init(microsecondsOf: renewedUntil)
  }
}
