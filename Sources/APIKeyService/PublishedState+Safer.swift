import APIKeyCore
import APIKeyStore

extension PublishedState {
  /// Keeps every revocation of `installed` and every retirement in `retirements` that this state
  /// no longer shows (read from a database whose security record was changed outside
  /// apikeyserv): a key revoked or retired stays so, whatever the rows say now.
  mutating func keepSaferState(
    of installed: PublishedKeySet, retirements: [String: SigningKeyInfo]
  ) {
    var revoked = Dictionary(revoked.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    for key in installed.revoked where revoked[key.id] == nil {
      revoked[key.id] = key
    }
    self.revoked = revoked.values.sorted { $0.id < $1.id }
    for index in keys.indices {
      guard let old = retirements[keys[index].info.kid], let retiring = old.retiringAt else {
        continue
      }
      let info = keys[index].info
      keys[index].info.retiringAt = min(info.retiringAt ?? retiring, retiring)
      keys[index].info.unpublishedAt = min(
        info.unpublishedAt ?? old.unpublishedAt ?? retiring, old.unpublishedAt ?? retiring)
    }
  }
}
