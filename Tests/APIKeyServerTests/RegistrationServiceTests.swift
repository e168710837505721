import APIKeyCore
import APIKeyRPC
import Foundation
import GRPCCore
import SwiftProtobuf
import TestSupport
import Testing

@testable import APIKeyService

/// Registration.RequestKey: what it checks, the limits it keeps as the authority, what it
/// audits, and both deliveries (e-mail through a real sendmail-interface program).
@Suite("Registration service")
struct RegistrationServiceTests {
  static func request(
    _ email: String = "a@example.com", client: String = "192.0.2.7", agree: Bool = true
  ) -> Apikeyserv_V1_RequestKeyRequest {
    .with {
      $0.email = email
      $0.organisation = "Org"
      $0.contactName = "Ann"
      $0.agreeOnPersonalData = agree
      $0.clientAddress = client
    }
  }

  static func configuration(
    _ change: (inout SelfServiceConfiguration) -> Void = { _ in }
  )
    -> SelfServiceConfiguration
  {
    var configuration = SelfServiceConfiguration(socketPath: "/unused")
    change(&configuration)
    return configuration
  }

  func status(_ body: () async throws -> Void) async -> RPCError? {
    await #expect(throws: RPCError.self) { try await body() }
  }

  @Test(
    "A request makes a key with the default expiry, shown once; audited as request_key, no address")
  func issues() async throws {
    try await InProcessDaemon.run(selfService: Self.configuration()) { daemon in
      let answer = try await daemon.registration.requestKey(Self.request())
      #expect(answer.delivery == .page && !answer.key.sent)
      #expect(answer.key.email == "a@example.com" && answer.key.contactName == "Ann")
      #expect(answer.key.expiresAt.date == daemon.clock.now + KeyExpiry.defaultDuration)
      let verified = try await daemon.publicKeys.verifyKey(.with { $0.token = answer.token })
      #expect(verified.valid && verified.subject == "\(answer.key.id)")
      let audit = try await daemon.admin.listAuditEntries(.init()).entries
      let entry = try #require(audit.last)
      #expect(entry.action == "request_key" && entry.target == "\(answer.key.id)")
      #expect(!audit.contains { "\($0)".contains("192.0.2.7") })
    }
  }

  @Test("No agreement, a bad client address or a bad field: INVALID_ARGUMENT naming it, no key")
  func refusals() async throws {
    try await InProcessDaemon.run(selfService: Self.configuration()) { daemon in
      let disagreed = await status {
        _ = try await daemon.registration.requestKey(Self.request(agree: false))
      }
      #expect(disagreed?.code == .invalidArgument)
      #expect(disagreed?.message.hasPrefix("agree_on_personal_data:") == true)
      let noClient = await status {
        _ = try await daemon.registration.requestKey(Self.request(client: "me"))
      }
      #expect(noClient?.message.hasPrefix("client_address:") == true)
      let badEmail = await status {
        _ = try await daemon.registration.requestKey(Self.request("nope"))
      }
      #expect(badEmail?.message.hasPrefix("email:") == true)
      let keys = try await daemon.admin.listKeys(.init()).keys
      #expect(keys.isEmpty)
    }
  }

  @Test(
    "Per e-mail address (any case), per client (IPv6 per /64) and overall: RESOURCE_EXHAUSTED with retry-after"
  )
  func limits() async throws {
    let configuration = Self.configuration {
      $0.perEmail = RateLimit(count: 2, window: 86400)
      $0.perClient = RateLimit(count: 3, window: 3600)
      $0.overall = RateLimit(count: 6, window: 3600)
    }
    try await InProcessDaemon.run(selfService: configuration) { daemon in
      let registration = daemon.registration
      _ = try await registration.requestKey(Self.request("x@example.com", client: "192.0.2.1"))
      _ = try await registration.requestKey(Self.request("X@Example.com", client: "192.0.2.2"))
      let perEmail = await status {
        _ = try await registration.requestKey(Self.request("x@example.com", client: "192.0.2.3"))
      }
      #expect(perEmail?.code == .resourceExhausted)
      #expect(perEmail?.message.contains("per e-mail address") == true)
      let wait = perEmail?.metadata[stringValues: RPCHeader.retryAfter].first(where: { _ in true })
      #expect(wait.flatMap(Int.init) == 86400)
      for (index, email) in ["p@example.com", "q@example.com", "r@example.com"].enumerated() {
        _ = try await registration.requestKey(
          Self.request(email, client: "2001:db8:1:2::\(index + 1)"))
      }
      let perClient = await status {
        _ = try await registration.requestKey(
          Self.request("s@example.com", client: "2001:db8:1:2::ff"))
      }
      #expect(perClient?.message.contains("per client address") == true)
      _ = try await registration.requestKey(Self.request("s@example.com", client: "198.51.100.8"))
      // Six keys made: the seventh is over the overall limit, from anyone.
      let overall = await status {
        _ = try await registration.requestKey(Self.request("t@example.com", client: "198.51.100.9"))
      }
      #expect(overall?.message.contains("overall") == true)
      let made = try await daemon.admin.listKeys(.init()).keys
      #expect(made.count == 6)
      daemon.clock.advance(3601)
      _ = try await registration.requestKey(Self.request("t@example.com", client: "198.51.100.9"))
    }
  }

  /// A sendmail stand-in that is a real program: writes its arguments and input to `directory`.
  static func sendmail(in directory: TemporaryDirectory, exit status: Int = 0) throws -> String {
    let path = "\(directory.path)/sendmail"
    try """
    #!/bin/sh
    echo "$@" > \(directory.path)/arguments
    echo "$@" >> \(directory.path)/calls
    cat > \(directory.path)/message
    [ \(status) = 0 ] || echo "mail queue full (recipient <$3>, also Jan.Doe@Example.org)" >&2
    exit \(status)
    """.write(toFile: path, atomically: true, encoding: .utf8)
    chmod(path, 0o755)
    return path
  }

  @Test(
    "E-mail delivery: the token goes to sendmail for email_1, not into the answer; the key is marked sent"
  )
  func emailDelivery() async throws {
    let directory = try TemporaryDirectory()
    let configuration = Self.configuration {
      $0.delivery = .email
      $0.sendmailPath = try! Self.sendmail(in: directory)
      $0.mailFrom = "keys@example.org"
      $0.siteName = "Example Data"
    }
    try await InProcessDaemon.run(selfService: configuration) { daemon in
      let answer = try await daemon.registration.requestKey(Self.request())
      #expect(answer.delivery == .email && answer.token.isEmpty && answer.key.sent)
      let arguments = try String(contentsOfFile: "\(directory.path)/arguments", encoding: .utf8)
      #expect(arguments == "-i -- a@example.com\n")
      let message = try String(contentsOfFile: "\(directory.path)/message", encoding: .utf8)
      #expect(message.hasPrefix("From: keys@example.org\r\nTo: a@example.com\r\n"))
      #expect(message.contains("Example Data"))
      let token = try #require(
        message.split(separator: "\r\n").first { $0.hasPrefix("eyJ") }.map(String.init))
      let verified = try await daemon.publicKeys.verifyKey(.with { $0.token = token })
      #expect(verified.valid && verified.subject == "\(answer.key.id)")
    }
  }

  @Test("When sendmail refuses, UNAVAILABLE with its words; the key stays unsent")
  func emailRefused() async throws {
    let directory = try TemporaryDirectory()
    let configuration = Self.configuration {
      $0.delivery = .email
      $0.sendmailPath = try! Self.sendmail(in: directory, exit: 75)
    }
    try await InProcessDaemon.run(selfService: configuration) { daemon in
      let refused = await status { _ = try await daemon.registration.requestKey(Self.request()) }
      #expect(refused?.code == .unavailable)
      #expect(refused?.message.contains("exit status 75: mail queue full") == true)
      let keys = try await daemon.admin.listKeys(.init()).keys
      #expect(keys.count == 1 && keys[0].sent == false)
    }
  }

  @Test(
    "A request that gets no key (sendmail refused) counts against no limit, and the agent's words reach neither the caller nor the log with the address"
  )
  func failuresAreNotCounted() async throws {
    let directory = try TemporaryDirectory()
    let configuration = Self.configuration {
      $0.delivery = .email
      $0.sendmailPath = try! Self.sendmail(in: directory, exit: 75)
      $0.perEmail = RateLimit(count: 1, window: 86400)
      $0.perClient = RateLimit(count: 1, window: 86400)
      $0.overall = RateLimit(count: 1, window: 86400)
    }
    try await InProcessDaemon.run(selfService: configuration) { daemon in
      for _ in 0 ..< 3 {
        let refused = await status { _ = try await daemon.registration.requestKey(Self.request()) }
        #expect(refused?.code == .unavailable, "\(String(describing: refused))")
        let message = refused?.message ?? ""
        #expect(message.contains("mail queue full"), "\(message)")
        #expect(!message.contains("a@example.com"), "\(message)")
        #expect(!message.lowercased().contains("jan.doe@example.org"), "\(message)")
      }
    }
  }

  @Test(
    "The per-e-mail limit compares addresses as the mail system does: case, fullwidth forms and the domain's IDNA form are one address"
  )
  func addressForms() async throws {
    let configuration = Self.configuration { $0.perEmail = RateLimit(count: 1, window: 86400) }
    try await InProcessDaemon.run(selfService: configuration) { daemon in
      _ = try await daemon.registration.requestKey(Self.request("jan@example.org"))
      for variant in ["JAN@EXAMPLE.ORG", "jan@example.\u{FF4F}\u{FF52}\u{FF47}"] {
        let refused = await status {
          _ = try await daemon.registration.requestKey(Self.request(variant, client: "192.0.2.9"))
        }
        #expect(refused?.code == .resourceExhausted, "\(variant): \(String(describing: refused))")
      }
      _ = try await daemon.registration.requestKey(
        Self.request("jan@b\u{00FC}cher.example", client: "192.0.2.10"))
      let idna = await status {
        _ = try await daemon.registration.requestKey(
          Self.request("jan@xn--bcher-kva.example", client: "192.0.2.11"))
      }
      #expect(idna?.code == .resourceExhausted)
    }
  }

  @Test(
    "A request sent again with its request id (a refresh, Back and submit) answers with the same key, sends no second e-mail and counts against no limit"
  )
  func replayedRequest() async throws {
    let directory = try TemporaryDirectory()
    let configuration = Self.configuration {
      $0.delivery = .email
      $0.sendmailPath = try! Self.sendmail(in: directory)
      $0.perEmail = RateLimit(count: 1, window: 86400)
    }
    try await InProcessDaemon.run(selfService: configuration) { daemon in
      var request = Self.request()
      request.requestID = "form-8H2kq_x"
      let first = try await daemon.registration.requestKey(request)
      let second = try await daemon.registration.requestKey(request)
      #expect(!first.replayed && second.replayed)
      #expect(first.key.id == second.key.id && second.key.sent)
      let calls = try String(contentsOfFile: "\(directory.path)/calls", encoding: .utf8)
      #expect(calls.split(separator: "\n").count == 1, "\(calls)")
      #expect(try await daemon.admin.listKeys(.init()).keys.count == 1)
      request.requestID = "not valid!"
      let refused = await status { _ = try await daemon.registration.requestKey(request) }
      #expect(
        refused?.code == .invalidArgument && refused?.message.hasPrefix("request_id:") == true)
    }
  }
}
