import APIKeyRPC
import Foundation
import GRPCCore
import Synchronization

/// What the daemon says of self-service: how a key is delivered and whether one can be issued
/// now. Asked at most every few seconds, for the form's introduction and `/readyz`.
final class RegistrationStatus: Sendable {
  /// How a key requested now reaches its requester.
  enum Delivery: String, Sendable {
    case page, email
  }

  /// One answer (or the lack of one).
  struct Info: Sendable, Equatable {
    /// nil while the daemon has never answered.
    var delivery: Delivery?
    /// Why no key can be issued now; nil when one can.
    var unavailable: String?
  }

  private let client: DaemonClient
  private let lifetime: TimeInterval
  private let state = Mutex<(info: Info, at: Date)?>(nil)

  init(client: DaemonClient, lifetime: TimeInterval = 2) {
    self.client = client
    self.lifetime = lifetime
  }

  /// The last answer if it is recent, else a new one. A daemon that does not answer keeps the
  /// delivery it last named and is the reason.
  func current(now: Date) async -> Info {
    if let kept = state.withLock({ $0 }), now.timeIntervalSince(kept.at) < lifetime {
      return kept.info
    }
    var info = Info()
    do {
      let answer = try await client.info()
      info.delivery = Self.delivery(answer.delivery)
      info.unavailable = answer.unavailableReason.isEmpty ? nil : answer.unavailableReason
    } catch {
      info.delivery = state.withLock { $0?.info.delivery }
      let reason = (error as? RPCError).map { "\($0.code)" } ?? "\(type(of: error))"
      info.unavailable =
        "apikeyserv's registration socket \(client.socketPath) does not answer (\(reason))"
    }
    state.withLock { $0 = (info, now) }
    return info
  }

  private static func delivery(
    _ value: Apikeyserv_V1_RequestKeyResponse.Delivery
  ) -> Delivery? {
    switch value {
    case .page: .page
    case .email: .email
    default: nil
    }
  }
}
