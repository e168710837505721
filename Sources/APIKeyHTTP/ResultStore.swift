import Foundation
import Synchronization

/// Results of form posts, kept a short while for the page the browser is redirected to (post,
/// redirect, get: a refresh shows the result again instead of posting the form again). Each is
/// reachable only with its unguessable id and from the browser that posted it (its CSRF cookie),
/// and is forgotten after `lifetime`; at most `capacity` are kept, the oldest dropped first.
final class ResultStore: Sendable {
  /// One kept result: what the result page shows.
  struct Entry: Sendable {
    let csrf: String
    let key: [String: String]
    let token: String?
    let expires: Date
  }

  private let entries = Mutex<[String: Entry]>([:])
  let lifetime: TimeInterval
  let capacity: Int

  init(lifetime: TimeInterval = 600, capacity: Int = 10_000) {
    self.lifetime = lifetime
    self.capacity = capacity
  }

  /// Keeps a result for the browser whose CSRF cookie is `csrf`; its id.
  func put(key: [String: String], token: String?, csrf: String, now: Date) -> String {
    let id = CSRFToken.fresh()
    entries.withLock { entries in
      entries = entries.filter { $0.value.expires > now }
      while entries.count >= capacity,
        let oldest = entries.min(by: { $0.value.expires < $1.value.expires })
      {
        entries.removeValue(forKey: oldest.key)
      }
      entries[id] = Entry(csrf: csrf, key: key, token: token, expires: now + lifetime)
    }
    return id
  }

  /// The result `id`, when it is still kept and `csrf` is the cookie of the browser that posted.
  func get(_ id: String, csrf: String?, now: Date) -> Entry? {
    entries.withLock { entries in
      guard let entry = entries[id], entry.expires > now, let csrf,
        CSRFToken.same(entry.csrf, csrf)
      else { return nil }
      return entry
    }
  }
}
