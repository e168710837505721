import APIKeyCore
import APIKeyMail
import APIKeyRPC
package import APIKeyService
import APIKeyStore
import Foundation
import GRPCCore
import Logging
import SwiftProtobuf

/// `apikeyserv.v1.Registration`, on the registration socket only (`--self-service`): a key for
/// anyone who asks through the bridge, within the limits, delivered as configured. Audited as
/// `request_key` with the key's id; the client address is counted, never stored or logged.
package struct RegistrationService: Apikeyserv_V1_Registration.SimpleServiceProtocol {
  let keys: KeyService
  let configuration: SelfServiceConfiguration
  let limits: RegistrationLimits
  /// Whether the database answers, for the pages' notice.
  let database: DatabaseHealth

  package init(
    keys: KeyService, configuration: SelfServiceConfiguration,
    database: DatabaseHealth = DatabaseHealth()
  ) {
    self.keys = keys
    self.configuration = configuration
    self.database = database
    self.limits = RegistrationLimits(
      perEmail: configuration.perEmail, perClient: configuration.perClient,
      overall: configuration.overall)
  }

  func requestKey(
    request: Apikeyserv_V1_RequestKeyRequest, context: ServerContext
  ) async throws -> Apikeyserv_V1_RequestKeyResponse {
    let contact = try ContactDetails(
      email: request.email, organisation: request.organisation, contactName: request.contactName,
      email2: request.email2, contactName2: request.contactName2, department: request.department
    ).validated()
    guard request.agreeOnPersonalData else {
      throw APIKeyError.invalidArgument(
        field: "agree_on_personal_data", reason: "must be true: the requester has to agree")
    }
    guard let client = IPAddress(request.clientAddress) else {
      throw APIKeyError.invalidArgument(
        field: "client_address", reason: "is not an IPv4 or IPv6 address")
    }
    let requestID = try Self.requestID(request.requestID)
    // A request sent again (a refresh) gets the key it made, whatever the limits say now.
    var isReplay = false
    if let requestID { isReplay = try await keys.store.key(requestID: requestID) != nil }
    let admission: RegistrationLimits.Admission?
    switch isReplay
      ? .success(nil)
      : limits.admit(email: contact.email, client: client.rateLimitKey, at: keys.clock())
        .map(Optional.some)
    {
    case .success(let admitted): admission = admitted
    case .failure(let refused):
      keys.logger.notice("Self-service request refused", metadata: ["limit": "\(refused.limit)"])
      throw RPCError(
        code: .resourceExhausted,
        message: "too many key requests (\(refused.limit)); try again later",
        metadata: [RPCHeader.retryAfter: "\(Int(refused.retryAfter))"])
    }
    let issued: IssuedToken
    var record: KeyRecord
    do {
      issued = try await keys.issue(
        IssueRequest(contact: contact, requestID: requestID, name: request.name),
        caller: context.caller,
        action: "request_key")
      record = issued.record
      if issued.replayed, let admission {
        // The key the first request made; nothing new was given, so nothing is counted.
        limits.release(admission)
      }
      // E-mailed once: a replay sends again only when the first mail never went out.
      if configuration.delivery == .email, !record.sent {
        try await mail(issued)
        record = try await keys.markSent(ids: [record.id], caller: context.caller)[0]
      }
    } catch {
      // The requester got no key (or none reached them): the request counts against no limit.
      if let admission { limits.release(admission) }
      throw error
    }
    let (token, delivery) = delivered(issued)
    return .with {
      $0.key = .init(record)
      $0.kid = issued.kid
      $0.replayed = issued.replayed
      $0.token = token
      $0.delivery = delivery
    }
  }

  func getRegistrationInfo(
    request: Apikeyserv_V1_GetRegistrationInfoRequest, context: ServerContext
  ) async throws -> Apikeyserv_V1_GetRegistrationInfoResponse {
    .with {
      $0.delivery = configuration.delivery == .page ? .page : .email
      if keys.ring.signer(at: keys.clock()) == nil {
        $0.unavailableReason =
          "no signing key signs now: add one (apikeyctl signing-key generate, or signing-key add FILE)"
      } else if let problem = database.unavailable {
        $0.unavailableReason = "the database does not answer (\(problem))"
      }
    }
  }

  func getRenewal(
    request: Apikeyserv_V1_RenewalRequest, context: ServerContext
  ) async throws -> Apikeyserv_V1_RenewalInfo {
    let (record, renewedUntil) = try await keys.renewal(link: request.link)
    return .init(record, renewedUntil: renewedUntil)
  }

  func renewByLink(
    request: Apikeyserv_V1_RenewalRequest, context: ServerContext
  ) async throws -> Apikeyserv_V1_RenewByLinkResponse {
    let (issued, previous) = try await keys.renew(link: request.link, caller: context.caller)
    // '!' is fine: a renewed key has an expiry.
    var renewal = Apikeyserv_V1_RenewalInfo(issued.record, renewedUntil: issued.record.expiresAt!)
    renewal.expiresAt = .init(microsecondsOf: previous)
    if configuration.delivery == .email {
      // Renewed whether or not the mail goes out: the error says so, and an admin can re-sign.
      do {
        try await mail(issued)
      } catch {
        throw APIKeyError.unavailable(
          "key \(issued.record.id) was renewed until \(issued.record.expiresAt!.formatted(.iso8601.year().month().day())), but the e-mail with its new token could not be sent; ask the administrators to re-sign it (apikeyctl keys resign \(issued.record.id))"
        )
      }
    }
    let (token, delivery) = delivered(issued)
    return .with {
      $0.renewal = renewal
      $0.kid = issued.kid
      $0.token = token
      $0.delivery = delivery
    }
  }

  /// The idempotency key of a self-service request, kept apart from the ids admins choose
  /// (`self-service:` before it); nil when none was sent.
  static func requestID(_ text: String) throws(APIKeyError) -> String? {
    guard !text.isEmpty else { return nil }
    guard text.utf8.count <= 64,
      text.unicodeScalars.allSatisfy({
        $0.isASCII
          && ($0.properties.isAlphabetic || ("0" ... "9").contains($0) || $0 == "-" || $0 == "_")
      })
    else {
      throw .invalidArgument(
        field: "request_id", reason: "must be 1 to 64 of the characters A-Z a-z 0-9 - _")
    }
    return "self-service:" + text
  }

  /// What an answer carries of `issued` as keys are delivered: the token (page), or none (it
  /// was e-mailed).
  private func delivered(
    _ issued: IssuedToken
  ) -> (String, Apikeyserv_V1_RequestKeyResponse.Delivery) {
    switch configuration.delivery {
    case .page: (issued.token, .page)
    case .email: ("", .email)
    }
  }

  /// E-mails the token to the key's first address.
  private func mail(_ issued: IssuedToken) async throws {
    let mail = KeyMail(siteName: configuration.siteName, from: configuration.mailFrom)
    let message = mail.message(for: issued.record, token: issued.token, now: keys.clock())
    do {
      try await Sendmail(path: configuration.sendmailPath).send(
        message, to: issued.record.contact.email)
      keys.logger.info("Key e-mailed", metadata: ["key.id": "\(issued.record.id)"])
    } catch {
      keys.logger.error(
        "Key not e-mailed; it stays unsent",
        metadata: ["key.id": "\(issued.record.id)", "error": "\(error)"])
      throw error
    }
  }
}
