import APIKeyCore
import APIKeyCrypto
import APIKeyRPC
import Foundation
import GRPCCore
import SwiftProtobuf
import TestSupport
import Testing

/// Every Admin RPC through the in-process transport: the proto mapping of its answer and the
/// status of each refusal, naming the field.
@Suite("Admin service")
struct AdminServiceTests {
  /// The status `body` fails with; the expectation fails when it does not throw an `RPCError`.
  func status(_ body: () async throws -> Void) async -> RPCError? {
    await #expect(throws: RPCError.self) { try await body() }
  }

  @Test(
    "IssueKey answers the record, a verifying token and its kid; a repeated request id replays the same key"
  )
  func issueKey() async throws {
    try await InProcessDaemon.run { daemon in
      let request = Apikeyserv_V1_IssueKeyRequest.with {
        $0.email = "a@example.com"
        $0.organisation = "Gemeente"
        $0.contactName = "Zoë"
        $0.department = "Data"
        $0.requestID = "req-1"
      }
      let issued = try await daemon.admin.issueKey(request)
      #expect(issued.key.email == "a@example.com")
      #expect(issued.key.organisation == "Gemeente")
      #expect(issued.key.contactName == "Zoë")
      #expect(issued.key.department == "Data")
      #expect(issued.key.expiresAt.date == daemon.clock.now + KeyExpiry.defaultDuration)
      #expect(!issued.replayed)
      let verified = try await daemon.publicKeys.verifyKey(.with { $0.token = issued.token })
      #expect(
        verified.valid && verified.subject == "\(issued.key.id)" && verified.kid == issued.kid)
      let again = try await daemon.admin.issueKey(request)
      #expect(again.replayed && again.key.id == issued.key.id && again.token == issued.token)
    }
  }

  @Test(
    "IssueKey refuses a bad field with INVALID_ARGUMENT naming it, and without a signing key with FAILED_PRECONDITION"
  )
  func issueKeyRefusals() async throws {
    try await InProcessDaemon.run(signingKey: false) { daemon in
      let noKey = await status { _ = try await daemon.issue() }
      #expect(noKey?.code == .failedPrecondition)
      _ = try await daemon.admin.generateSigningKey(.init())
      let badEmail = await status { _ = try await daemon.issue(email: "not an address") }
      #expect(badEmail?.code == .invalidArgument)
      #expect(badEmail?.message.hasPrefix("email:") == true)
      let noOrganisation = await status { _ = try await daemon.issue("") }
      #expect(noOrganisation?.code == .invalidArgument)
      #expect(noOrganisation?.message.hasPrefix("organisation:") == true)
      #expect(try await daemon.admin.listKeys(.init()).keys.isEmpty)
    }
  }

  @Test("GetKey answers the record; id 0 is INVALID_ARGUMENT naming id, an unknown id NOT_FOUND")
  func getKey() async throws {
    try await InProcessDaemon.run { daemon in
      let issued = try await daemon.issue()
      #expect(try await daemon.admin.getKey(.with { $0.id = issued.key.id }).key == issued.key)
      let zero = await status { _ = try await daemon.admin.getKey(.with { $0.id = 0 }) }
      #expect(zero?.code == .invalidArgument && zero?.message.hasPrefix("id:") == true)
      let huge = await status {
        _ = try await daemon.admin.getKey(.with { $0.id = UInt64(Int64.max) + 1 })
      }
      #expect(huge?.code == .invalidArgument)
      let unknown = await status { _ = try await daemon.admin.getKey(.with { $0.id = 12345 }) }
      #expect(unknown?.code == .notFound)
    }
  }

  @Test(
    "ListKeys pages newest first with a next-page token and filters; a bad token is INVALID_ARGUMENT"
  )
  func listKeys() async throws {
    try await InProcessDaemon.run { daemon in
      var ids: [UInt64] = []
      for organisation in ["A", "B", "C"] {
        ids.append(try await daemon.issue(organisation).key.id)
        daemon.clock.advance(1)
      }
      let first = try await daemon.admin.listKeys(.with { $0.pageSize = 2 })
      #expect(first.keys.map(\.id) == [ids[2], ids[1]])
      #expect(!first.nextPageToken.isEmpty)
      let second = try await daemon.admin.listKeys(
        .with {
          $0.pageSize = 2
          $0.pageToken = first.nextPageToken
        })
      #expect(second.keys.map(\.id) == [ids[0]] && second.nextPageToken.isEmpty)
      let filtered = try await daemon.admin.listKeys(.with { $0.organisation = "b" })
      #expect(filtered.keys.map(\.id) == [ids[1]])
      let badToken = await status {
        _ = try await daemon.admin.listKeys(.with { $0.pageToken = "nonsense" })
      }
      #expect(
        badToken?.code == .invalidArgument && badToken?.message.hasPrefix("page_token:") == true)
    }
  }

  @Test(
    "UpdateKey changes the named fields only; a bad value is INVALID_ARGUMENT naming it and changes nothing"
  )
  func updateKey() async throws {
    try await InProcessDaemon.run { daemon in
      let issued = try await daemon.issue()
      let updated = try await daemon.admin.updateKey(
        .with {
          $0.id = issued.key.id
          $0.department = "Stedelijke data"
        })
      #expect(updated.key.department == "Stedelijke data" && updated.key.email == issued.key.email)
      let bad = await status {
        _ = try await daemon.admin.updateKey(
          .with {
            $0.id = issued.key.id
            $0.email = "nope"
          })
      }
      #expect(bad?.code == .invalidArgument && bad?.message.hasPrefix("email:") == true)
      #expect(
        try await daemon.admin.getKey(.with { $0.id = issued.key.id }).key.email == "a@example.com")
    }
  }

  @Test(
    "MarkSent marks every id or, with one unknown, none (NOT_FOUND); an empty list is INVALID_ARGUMENT naming ids"
  )
  func markSent() async throws {
    try await InProcessDaemon.run { daemon in
      let one = try await daemon.issue().key.id
      let two = try await daemon.issue().key.id
      let unknown = await status {
        _ = try await daemon.admin.markSent(.with { $0.ids = [one, 999] })
      }
      #expect(unknown?.code == .notFound)
      #expect(try await daemon.admin.getKey(.with { $0.id = one }).key.sent == false)
      let empty = await status { _ = try await daemon.admin.markSent(.init()) }
      #expect(empty?.code == .invalidArgument && empty?.message.hasPrefix("ids:") == true)
      let marked = try await daemon.admin.markSent(.with { $0.ids = [one, two] })
      #expect(marked.keys.allSatisfy(\.sent) && Set(marked.keys.map(\.id)) == [one, two])
    }
  }

  @Test(
    "RevokeKey answers the revoked record and a new revision; the token stops verifying; re-signing it fails"
  )
  func revokeKey() async throws {
    try await InProcessDaemon.run { daemon in
      let issued = try await daemon.issue()
      let before = try await daemon.publicKeys.listPublicKeys(.init()).revision
      let revoked = try await daemon.admin.revokeKey(.with { $0.id = issued.key.id })
      #expect(revoked.key.hasRevokedAt && revoked.revision > before)
      let verdict = try await daemon.publicKeys.verifyKey(.with { $0.token = issued.token })
      #expect(!verdict.valid && verdict.reason == .revoked)
      let resign = await status {
        _ = try await daemon.admin.resignKey(.with { $0.id = issued.key.id })
      }
      #expect(resign?.code == .failedPrecondition)
      let unknown = await status { _ = try await daemon.admin.revokeKey(.with { $0.id = 4242 }) }
      #expect(unknown?.code == .notFound)
    }
  }

  @Test(
    "ResignKey gives a new token from the current key; ResignKeys streams one per key that depends on the named signing key alone"
  )
  func resign() async throws {
    try await InProcessDaemon.run { daemon in
      let issued = try await daemon.issue()
      let old = issued.kid
      _ = try await daemon.admin.rotateSigningKey(.with { $0.publishAhead = .init(seconds: 1) })
      daemon.clock.advance(2)
      let single = try await daemon.admin.resignKey(.with { $0.id = issued.key.id })
      #expect(single.kid != old && single.key.id == issued.key.id)
      let other = try await daemon.issue("Other")
      #expect(other.kid == single.kid)
      _ = try await daemon.admin.rotateSigningKey(.with { $0.publishAhead = .init(seconds: 1) })
      daemon.clock.advance(2)
      let streamed = try await daemon.admin.resignKeys(.with { $0.signedBy = single.kid }) {
        response in
        try await response.messages.reduce(into: [Apikeyserv_V1_ResignKeyResponse]()) {
          $0.append($1)
        }
      }
      // `issued` keeps a valid token from the first key, still published: it does not depend on this one.
      #expect(streamed.map(\.key.id) == [other.key.id])
      #expect(streamed.allSatisfy { $0.kid != single.kid && !$0.token.isEmpty })
      let missing = await status {
        _ = try await daemon.admin.resignKeys(.with { $0.signedBy = "no-such-kid" }) { response in
          for try await _ in response.messages {}
        }
      }
      #expect(missing?.code == .notFound)
      let empty = await status {
        _ = try await daemon.admin.resignKeys(.init()) { response in
          for try await _ in response.messages {}
        }
      }
      #expect(empty?.code == .invalidArgument && empty?.message.hasPrefix("signed_by:") == true)
    }
  }

  @Test(
    "Signing keys: add (bad PEM names private_key_pem), generate, rotate, list with states, retire (dry run changes nothing)"
  )
  func signingKeys() async throws {
    try await InProcessDaemon.run(signingKey: false) { daemon in
      let badPEM = await status {
        _ = try await daemon.admin.addSigningKey(.with { $0.privateKeyPem = "garbage" })
      }
      #expect(
        badPEM?.code == .invalidArgument && badPEM?.message.hasPrefix("private_key_pem:") == true)
      let first = try await daemon.admin.generateSigningKey(.init())
      #expect(first.key.state == .current && first.key.signing)
      let badAhead = await status {
        _ = try await daemon.admin.rotateSigningKey(.with { $0.publishAhead = .init(seconds: -1) })
      }
      #expect(
        badAhead?.code == .invalidArgument && badAhead?.message.hasPrefix("publish_ahead:") == true)
      let rotated = try await daemon.admin.rotateSigningKey(
        .with { $0.publishAhead = .init(seconds: 600) })
      #expect(rotated.previousKid == first.key.kid && rotated.key.state == .pending)
      #expect(rotated.revision > first.revision)
      let listed = try await daemon.admin.listSigningKeys(.init()).keys
      #expect(
        Dictionary(uniqueKeysWithValues: listed.map { ($0.kid, $0.state) }) == [
          first.key.kid: .current, rotated.key.kid: .pending,
        ])
      let dryRun = try await daemon.admin.retireKey(
        .with {
          $0.kid = first.key.kid
          $0.dryRun = true
        })
      #expect(dryRun.dryRun && dryRun.key.state == .current)
      let retired = try await daemon.admin.retireKey(
        .with {
          $0.kid = first.key.kid
          $0.grace = .init(seconds: 60)
        })
      #expect(
        retired.key.state == .retiring && retired.key.hasLeavesAt && !retired.key.hasRetiredAt)
      let unknown = await status {
        _ = try await daemon.admin.retireKey(.with { $0.kid = "unknown" })
      }
      #expect(unknown?.code == .notFound)
      let badDate = await status {
        _ = try await daemon.admin.generateSigningKey(
          .with { $0.notBefore = .init(seconds: 0, nanos: -5) })
      }
      #expect(
        badDate?.code == .invalidArgument && badDate?.message.hasPrefix("not_before:") == true)
    }
  }

  @Test(
    "The audit trail lists each change with the caller apikeyctl reports; VerifyAuditTrail says intact"
  )
  func audit() async throws {
    try await InProcessDaemon.run { daemon in
      let issued = try await daemon.admin.issueKey(
        .with {
          $0.email = "a@example.com"
          $0.organisation = "Org"
        }, metadata: [RPCHeader.reportedUser: "alice\u{7}"])
      let entries = try await daemon.admin.listAuditEntries(.init()).entries
      #expect(entries.map(\.action) == ["generate_signing_key", "issue_key"])
      #expect(entries[1].target == "\(issued.key.id)")
      #expect(entries[1].caller == "admin-socket user=alice")
      let verified = try await daemon.admin.verifyAuditTrail(.init())
      #expect(
        verified.intact && verified.entriesChecked == 2 && verified.headHash == entries[1].hash)
      let badToken = await status {
        _ = try await daemon.admin.listAuditEntries(.with { $0.pageToken = "x" })
      }
      #expect(
        badToken?.code == .invalidArgument && badToken?.message.hasPrefix("page_token:") == true)
    }
  }

  @Test(
    "ImportRecords imports a streamed dump; no chunk, another format or an unknown time zone are INVALID_ARGUMENT naming the field"
  )
  func importRecords() async throws {
    try await InProcessDaemon.run { daemon in
      let dump = Data(
        #"[{"model":"apikeys.apikey","pk":8470085294294189613,"fields":{"contactperson_1_name":"Zoë","email_1":"a@example.com","contactperson_2_name":"","email_2":null,"organisation":"Gemeente","department":"","created":"2026-07-01T14:30:00.123","modified":"2026-07-02T09:00:00","expires":null,"sent":true}}]"#
          .utf8)
      func send(
        _ messages: [Apikeyserv_V1_ImportRecordsRequest]
      ) async throws -> Apikeyserv_V1_ImportRecordsResponse {
        try await daemon.admin.importRecords(requestProducer: { writer in
          try await writer.write(contentsOf: messages)
        })
      }
      let noChunk = await status { _ = try await send([]) }
      #expect(noChunk?.code == .invalidArgument && noChunk?.message.hasPrefix("chunk:") == true)
      let format = await status {
        _ = try await send([
          .with {
            $0.format = "csv"
            $0.chunk = dump
          }
        ])
      }
      #expect(format?.code == .invalidArgument && format?.message.hasPrefix("format:") == true)
      let zone = await status {
        _ = try await send([
          .with {
            $0.format = "django"
            $0.timezone = "Mars/Olympus"
            $0.chunk = dump
          }
        ])
      }
      #expect(zone?.code == .invalidArgument && zone?.message.hasPrefix("timezone:") == true)
      let halves = [dump.prefix(40), dump.dropFirst(40)].map { part in
        Apikeyserv_V1_ImportRecordsRequest.with {
          $0.chunk = Data(part)
          $0.format = "django"
        }
      }
      let imported = try await send(halves)
      #expect(imported.keysInDump == 1 && imported.keysCreated == 1 && !imported.dryRun)
      let record = try await daemon.admin.getKey(.with { $0.id = 8_470_085_294_294_189_613 }).key
      #expect(record.organisation == "Gemeente" && record.sent && !record.hasExpiresAt)
      #expect(try await send(halves).keysUnchanged == 1)
    }
  }

  @Test("Backup streams the manifest, the file in chunks, and a SHA-256 that matches them")
  func backup() async throws {
    try await InProcessDaemon.run { daemon in
      _ = try await daemon.issue()
      let chunks = try await daemon.admin.backup(.init()) { response in
        try await response.messages.reduce(into: [Apikeyserv_V1_BackupChunk]()) { $0.append($1) }
      }
      let manifest = try #require(chunks.first?.hasManifest == true ? chunks.first?.manifest : nil)
      #expect(manifest.apiKeys == 1 && manifest.signingKeys == 1 && manifest.auditEntries == 2)
      let data = chunks.reduce(into: [UInt8]()) { $0 += $1.data }
      #expect(Array(data.prefix(16)) == Array("SQLite format 3\0".utf8))
      #expect(chunks.last?.sha256 == Hex.encode(SHA256.hash(data)))
    }
  }
}
