import APIKeyCore
import APIKeyStore
import Foundation
import TestSupport
import Testing

@testable import APIKeyService

/// Usage reports through `KeyService` on a real SQLite file: counting, replays, unknown keys,
/// retention, the verifiers' states; names and tags with their filters.
@Suite("Key service: usage, verifiers, names and tags")
struct KeyServiceUsageTests: KeyServiceSuite {
  let fixture: KeyServiceFixture

  init() async throws {
    fixture = try await KeyServiceFixture.signing()
  }

  func entry(
    _ id: Int64, _ outcome: UsageOutcome = .accepted, count: Int64, at: Date? = nil
  )
    -> UsageEntry
  {
    let at = at ?? clock.now
    return UsageEntry(
      keyID: id, kid: "kid", outcome: outcome, count: count, firstSeen: at - 10, lastSeen: at)
  }

  func report(
    _ verifier: String, batch: String, revision: UInt64 = 0, _ entries: [UsageEntry]
  ) async throws -> UsageReceipt {
    try await keys.report(
      UsageReport(verifier: verifier, batchID: batch, revision: revision, entries: entries),
      peer: "pid=1 uid=2 gid=3")
  }

  @Test(
    "Two verifiers' counts add up; a replayed batch and an unknown key count nothing; rejections apart; 7 and 30 days move with the clock; days past the retention go"
  )
  func counting() async throws {
    let key = try await issue().record.id
    let first = try await report("a", batch: "1", [entry(key, count: 3), entry(99, count: 4)])
    #expect(
      first == UsageReceipt(counted: 1, unknownKeys: 1, currentRevision: first.currentRevision))
    let again = try await report("a", batch: "1", [entry(key, count: 3)])
    #expect(again.replayed && again.counted == 0)
    _ = try await report("b", batch: "1", [entry(key, count: 2), entry(key, .expired, count: 1)])
    var usage = try await keys.usage(of: key)
    #expect(usage.accepted7Days == 5 && usage.accepted30Days == 5 && usage.rejected30Days == 1)
    #expect(usage.lastUsedAt == Date(microsecondsSince1970: clock.now.microsecondsSince1970))
    #expect(Set(usage.verifiers.map(\.verifier)) == ["a", "b"])
    #expect(usage.days.first == KeyUsage.Day(day: UsageDay(clock.now), accepted: 5, rejected: 1))

    clock.advance(10 * 86_400)
    usage = try await keys.usage(of: key, days: 14)
    #expect(usage.accepted7Days == 0 && usage.accepted30Days == 5 && usage.days.count == 14)
    #expect(usage.days[10].accepted == 5)

    clock.advance(400 * 86_400)
    _ = try await report("a", batch: "2", [entry(key, count: 1)])
    usage = try await keys.usage(of: key, days: 400)
    #expect(usage.days.map(\.accepted).reduce(0, +) == 1, "the old day is gone")
    await #expect(throws: APIKeyError.self) { try await keys.usage(of: key, days: 401) }
  }

  @Test(
    "A report is refused naming the field: no verifier, a batch id with a space, a zero count, a count past a billion"
  )
  func refusals() async throws {
    let key = try await issue().record.id
    for (verifier, batch, count, field) in [
      ("", "1", Int64(1), "verifier"), ("a", "two words", 1, "batch_id"),
      ("a", "1", 0, "entries[0].count"), ("a", "1", 2_000_000_000, "entries[0].count"),
    ] {
      await #expect {
        try await report(verifier, batch: batch, [entry(key, count: count)])
      } throws: { error in
        guard case .invalidArgument(let named, _) = error as? APIKeyError else { return false }
        return named == field
      }
    }
    #expect(try await keys.usage(of: key).accepted30Days == 0)
  }

  @Test(
    "A verifier behind the current revision longer than the limit is STALE, and SYNCED once it reports it; a silent one is STALE"
  )
  func verifierStates() async throws {
    let key = try await issue().record.id
    let current = keys.ring.snapshot.revision
    _ = try await report("v", batch: "1", revision: current, [])
    #expect(try await keys.verifiers().verifiers.map(\.problem) == [nil])
    let (_, revision) = try await keys.revoke(id: key, caller: "t")
    #expect(try await keys.verifiers().verifiers.map(\.problem) == [nil], "not yet past the limit")
    clock.advance(keys.usagePolicy.staleAfter + 1)
    let stale = try await keys.verifiers().verifiers
    #expect(stale.first?.problem?.hasPrefix("behind for") == true)
    _ = try await report("v", batch: "2", revision: revision, [])
    #expect(try await keys.verifiers().verifiers.map(\.problem) == [nil])
    clock.advance(keys.usagePolicy.staleAfter + 1)
    #expect(try await keys.verifiers().verifiers.first?.problem?.hasPrefix("silent for") == true)
    clock.advance(86_400)
    #expect(try await keys.verifiers().verifiers.isEmpty, "outside the window")
  }

  @Test(
    "Names and tags: stored, changed and removed by update, filtered by tag, name and use; refused past 200 characters, 16 tags, or with a bad tag key"
  )
  func labels() async throws {
    let contact = ContactDetails(email: "a@example.com", organisation: "Org")
    let named = try await keys.issue(
      IssueRequest(contact: contact, name: " Dashboard ", tags: KeyTags(["env": "prod"])),
      caller: "t"
    ).record
    let plain = try await issue().record
    #expect(named.name == "Dashboard" && named.tags == KeyTags(["env": "prod"]))
    var update = KeyUpdate()
    update.setTags = ["team": "bbga"]
    update.removeTags = ["env"]
    let changed = try await keys.update(id: named.id, update, caller: "t")
    #expect(changed.tags == KeyTags(["team": "bbga"]) && changed.name == "Dashboard")
    #expect(try await keys.key(id: named.id).tags == KeyTags(["team": "bbga"]))

    func ids(_ filter: KeyFilter) async throws -> [Int64] {
      try await keys.keys(pageSize: 0, pageToken: "", filter: filter).keys.map(\.id)
    }
    var filter = KeyFilter()
    filter.tags = ["team": "BBGA"]
    #expect(try await ids(filter) == [named.id])
    filter = KeyFilter()
    filter.nameContains = "dash"
    #expect(try await ids(filter) == [named.id])
    _ = try await report("a", batch: "1", [entry(plain.id, count: 1)])
    filter = KeyFilter()
    filter.unusedSince = clock.now - 3600
    #expect(try await ids(filter) == [named.id])
    filter = KeyFilter()
    filter.usedSince = clock.now - 3600
    #expect(try await ids(filter) == [plain.id])

    for request in [
      IssueRequest(contact: contact, name: String(repeating: "x", count: 201)),
      IssueRequest(
        contact: contact,
        tags: KeyTags(Dictionary(uniqueKeysWithValues: (0 ..< 17).map { ("t\($0)", "v") }))),
      IssueRequest(contact: contact, tags: KeyTags(["Env": "prod"])),
    ] {
      await #expect(throws: APIKeyError.self) { try await keys.issue(request, caller: "t") }
    }
    #expect(throws: APIKeyError.self) { try KeyTags.parse("prod", field: "--tag") }
  }
}
