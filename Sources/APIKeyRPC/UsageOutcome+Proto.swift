public import APIKeyCore
import Foundation
import SwiftProtobuf

extension Apikeyserv_V1_UsageOutcome {
  /// The wire form of a domain outcome.
  public init(_ outcome: UsageOutcome) {
    switch outcome {
    case .accepted: self = .accepted
    case .expired: self = .expired
    case .revoked: self = .revoked
    case .unknownKid: self = .unknownKid
    case .badSignature: self = .badSignature
    case .notYetValid: self = .notYetValid
    }
  }
}

extension UsageOutcome {
  /// The outcome a message names; nil for UNSPECIFIED or a value this build does not know.
  public init?(_ outcome: Apikeyserv_V1_UsageOutcome) {
    switch outcome {
    case .accepted: self = .accepted
    case .expired: self = .expired
    case .revoked: self = .revoked
    case .unknownKid: self = .unknownKid
    case .badSignature: self = .badSignature
    case .notYetValid: self = .notYetValid
    case .unspecified, .UNRECOGNIZED: return nil
    }
  }
}

extension Apikeyserv_V1_UsageEntry {
  /// The wire form of a counted entry (the key's id and kid, never a token).
  public init(_ entry: UsageEntry) {
    self.init()
    keyID = UInt64(entry.keyID)
    kid = entry.kid
    outcome = .init(entry.outcome)
    count = UInt64(entry.count)
    firstSeen = .init(date: entry.firstSeen)
    lastSeen = .init(date: entry.lastSeen)
  }
}
