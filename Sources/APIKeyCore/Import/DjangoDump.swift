public import APIKeyCrypto
public import Foundation

/// The JSON that the original's `python manage.py dumpdata apikeys` writes: a list of
/// `{"model": …, "pk": …, "fields": {…}}` objects, models `apikeys.apikey` and
/// `apikeys.signingkey`. Read whole and checked whole: the first bad record fails the lot, named.
public struct DjangoDump: Sendable {
  /// The original's TIME_ZONE (it runs with USE_TZ = False: timestamps are naive local times).
  public static let defaultTimeZone = "Europe/Amsterdam"

  /// The API key records, with their original ids and times.
  public var keys: [KeyRecord]
  /// The signing keys, private keys included (sealed on import), active or not.
  public var signingKeys: [ImportedSigningKey]

  /// Reads a dump; naive timestamps are read in `timeZone`. Throws `invalidArgument` naming the
  /// record and field at fault.
  public init(json: some Collection<UInt8>, timeZone: TimeZone) throws(APIKeyError) {
    let records: [JSONValue]
    do {
      records = try JSONDecoder().decode([JSONValue].self, from: Data(json))
    } catch {
      throw .invalidArgument(
        field: "dump", reason: "is not a JSON list of records (\(Self.describe(error)))")
    }
    let reader = DjangoTimestampReader(timeZone: timeZone)
    var keys: [KeyRecord] = []
    var signingKeys: [ImportedSigningKey] = []
    var seenIDs = Set<Int64>()
    for (index, value) in records.enumerated() {
      let record = try DumpRecord(value, index: index)
      switch record.model {
      case "apikeys.apikey":
        let key = try record.apiKey(reader: reader)
        guard seenIDs.insert(key.id).inserted else {
          throw record.failure("pk", "appears twice in the dump")
        }
        keys.append(key)
      case "apikeys.signingkey":
        signingKeys.append(try record.signingKey(reader: reader))
      default:
        continue  // other models of the app (none today) are not ours to import
      }
    }
    self.keys = keys
    self.signingKeys = signingKeys
  }

  private static func describe(_ error: any Error) -> String {
    switch error {
    case DecodingError.dataCorrupted(let context): return context.debugDescription
    case DecodingError.typeMismatch(_, let context): return context.debugDescription
    default: return "unreadable"
    }
  }
}

/// A signing key from the original.
public struct ImportedSigningKey: Sendable {
  /// The private key (from the dump's PKCS#8 PEM).
  public var privateKey: Ed25519PrivateKey
  /// False: the original had retired it; it is imported retired.
  public var active: Bool
  /// The original's `created` time; the key signs from then on.
  public var createdAt: Date
  /// The key's kid (RFC 7638 thumbprint).
  public var kid: String { JSONWebKey(publicKey: privateKey.publicKey).thumbprint }
}
