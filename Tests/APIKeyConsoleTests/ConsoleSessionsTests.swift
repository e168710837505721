import Foundation
import TestSupport
import Testing

@testable import APIKeyConsole

/// The console's single-use entry and its sessions.
@Suite("Console sessions")
struct ConsoleSessionsTests {
  @Test("The entry secret works once; a wrong one, a reused one and an older one do not")
  func entry() {
    let sessions = ConsoleSessions()
    let older = sessions.newEntrySecret()
    let secret = sessions.newEntrySecret()
    #expect(sessions.enter(older) == nil, "replaced by the newer one")
    // One character changed (the first: the last one carries only four bits).
    let changed = (secret.first == "A" ? "B" : "A") + secret.dropFirst()
    #expect(sessions.enter(changed) == nil)
    let token = sessions.enter(secret)
    #expect(token != nil && sessions.isLive(token))
    #expect(sessions.enter(secret) == nil, "spent")
    #expect(!sessions.isLive("not-a-session") && !sessions.isLive(nil) && !sessions.isLive(""))
  }

  @Test("A session ends after its lifetime; its cookie is HttpOnly, SameSite=Strict, for that long")
  func lifetime() throws {
    let clock = TestClock()
    let sessions = ConsoleSessions(lifetime: 3600, clock: { clock.now })
    let token = try #require(sessions.enter(sessions.newEntrySecret()))
    #expect(sessions.cookie(token).contains("HttpOnly; SameSite=Strict; Max-Age=3600"))
    clock.advance(3599)
    #expect(sessions.isLive(token))
    clock.advance(2)
    #expect(!sessions.isLive(token))
  }

  @Test("Each session's CSRF token is its own")
  func csrf() throws {
    let sessions = ConsoleSessions()
    let first = try #require(sessions.enter(sessions.newEntrySecret()))
    let second = try #require(sessions.enter(sessions.newEntrySecret()))
    let token = sessions.csrfToken(for: first)
    #expect(sessions.checksCSRF(token, for: first))
    #expect(!sessions.checksCSRF(token, for: second))
    #expect(!sessions.checksCSRF(nil, for: first) && !sessions.checksCSRF("", for: first))
  }
}
