import APIKeyCore
import APIKeyRPC
import Foundation
import GRPCCore
import SwiftProtobuf
import TestSupport
import Testing

@testable import APIKeyService

/// PublicKeys through the in-process transport: what verifiers see.
@Suite("PublicKeys service")
struct PublicKeysServiceTests {
  @Test("ListPublicKeys answers the JWKS of the published keys, the signing kid and the revision")
  func listPublicKeys() async throws {
    try await InProcessDaemon.run { daemon in
      let set = try await daemon.publicKeys.listPublicKeys(.init())
      let kid = try #require(set.keys.first?.kid)
      #expect(set.keys.count == 1 && set.signingKid == kid && set.revision > 0)
      let jwks = try #require(
        JSONSerialization.jsonObject(with: Data(set.jwksJson.utf8)) as? [String: [[String: String]]]
      )
      #expect(jwks["keys"]?.map { $0["kid"] } == [kid])
      #expect(jwks["keys"]?.first?["crv"] == "Ed25519")
    }
  }

  @Test(
    "VerifyKey: valid with subject and kid, a reason for each failure; an oversized token is INVALID_ARGUMENT naming token"
  )
  func verifyKey() async throws {
    try await InProcessDaemon.run { daemon in
      let issued = try await daemon.issue()
      let valid = try await daemon.publicKeys.verifyKey(.with { $0.token = issued.token })
      #expect(
        valid.valid && valid.subject == "\(issued.key.id)" && valid.kid == issued.kid
          && valid.hasExpiresAt)
      let malformed = try await daemon.publicKeys.verifyKey(.with { $0.token = "not.a.token" })
      #expect(!malformed.valid && malformed.reason == .malformed && !malformed.message.isEmpty)
      var tampered = Array(issued.token)
      tampered[tampered.count - 2] = tampered[tampered.count - 2] == "A" ? "B" : "A"
      let bad = try await daemon.publicKeys.verifyKey(.with { $0.token = String(tampered) })
      #expect(!bad.valid && bad.reason == .badSignature)
      daemon.clock.advance(KeyExpiry.defaultDuration + 1)
      let expired = try await daemon.publicKeys.verifyKey(.with { $0.token = issued.token })
      #expect(!expired.valid && expired.reason == .expired)
      let error = await #expect(throws: RPCError.self) {
        _ = try await daemon.publicKeys.verifyKey(
          .with { $0.token = String(repeating: "a", count: 5000) })
      }
      #expect(error?.code == .invalidArgument && error?.message.hasPrefix("token:") == true)
    }
  }

  @Test(
    "VerifyKeys: one verdict per token in the order sent, a bad or oversized token among them; the stream goes on"
  )
  func verifyKeysStream() async throws {
    try await InProcessDaemon.run { daemon in
      let first = try await daemon.issue()
      let second = try await daemon.issue()
      var tampered = Array(first.token)
      tampered[tampered.count - 2] = tampered[tampered.count - 2] == "A" ? "B" : "A"
      let sent = [
        first.token, "not.a.token", second.token, String(tampered),
        String(repeating: "a", count: 5000), first.token,
      ]
      let verdicts = try await daemon.publicKeys.verifyKeys(
        requestProducer: { writer in
          for token in sent { try await writer.write(.with { $0.token = token }) }
        },
        onResponse: { response in
          var verdicts: [Apikeyserv_V1_VerifyKeyResponse] = []
          for try await verdict in response.messages { verdicts.append(verdict) }
          return verdicts
        })
      #expect(verdicts.map(\.valid) == [true, false, true, false, false, true])
      #expect(
        verdicts.map(\.subject) == [
          "\(first.key.id)", "", "\(second.key.id)", "", "", "\(first.key.id)",
        ])
      #expect(
        verdicts.map(\.reason) == [
          .unspecified, .malformed, .unspecified, .badSignature, .malformed, .unspecified,
        ])
      #expect(verdicts[4].message.contains("4096"))
    }
  }

  @Test("VerifyKeys ends with UNAVAILABLE when the daemon shuts down, after the verdicts it owes")
  func verifyKeysShutdown() async throws {
    try await InProcessDaemon.run { daemon in
      let issued = try await daemon.issue()
      let error = await #expect(throws: RPCError.self) {
        try await daemon.publicKeys.verifyKeys(
          requestProducer: { writer in
            try await writer.write(.with { $0.token = issued.token })
            try await Task.sleep(for: .seconds(30))  // keeps the stream open
          },
          onResponse: { response in
            for try await verdict in response.messages {
              #expect(verdict.valid)
              daemon.keys.ring.finishAll()  // what the daemon does when it begins shutting down
            }
          })
      }
      #expect(error?.code == .unavailable)
    }
  }

  @Test("WatchPublicKeys sends the set at once, then each new revision as it is published")
  func watchPublicKeys() async throws {
    try await InProcessDaemon.run { daemon in
      let revisions = try await daemon.publicKeys.watchPublicKeys(.init()) { response in
        var seen: [Apikeyserv_V1_PublicKeySet] = []
        for try await set in response.messages {
          seen.append(set)
          if seen.count == 1 { _ = try await daemon.admin.generateSigningKey(.init()) }
          if seen.count == 2 { break }
        }
        return seen
      }
      #expect(revisions.count == 2)
      #expect(revisions[1].revision > revisions[0].revision)
      #expect(revisions.map(\.keys.count) == [1, 2])
    }
  }
}
