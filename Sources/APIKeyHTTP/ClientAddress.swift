public import APIKeyCore
import Foundation
public import NIOCore

/// Who a request comes from, for the per-client limit: the connection's peer, or, when that peer
/// is a trusted proxy, the last address in `X-Forwarded-For` that is not itself a trusted proxy
/// (the entries before it are the client's own word, which anyone can forge).
public struct ClientAddress: Sendable {
  public let trustedProxies: [IPNetwork]

  public init(trustedProxies: [IPNetwork]) {
    self.trustedProxies = trustedProxies
  }

  /// The client of a request that came from `peer` with `forwardedFor` (every X-Forwarded-For
  /// header's value, in order); nil when the peer has no IP address (a Unix socket).
  public func resolve(peer: SocketAddress?, forwardedFor: [String]) -> IPAddress? {
    guard let text = peer?.ipAddress, let address = IPAddress(text) else { return nil }
    guard isTrusted(address) else { return address }
    let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map {
      $0.trimmingCharacters(in: .whitespaces)
    }
    var client = address
    for hop in hops.reversed() {
      // A hop that is not an address ends the chain we can believe.
      guard let hopAddress = IPAddress(hop) else { break }
      client = hopAddress
      guard isTrusted(hopAddress) else { break }
    }
    return client
  }

  /// Whether `peer` is one of the trusted proxies (whose forwarded headers may be believed).
  public func isTrustedProxy(_ peer: SocketAddress?) -> Bool {
    guard let text = peer?.ipAddress, let address = IPAddress(text) else { return false }
    return isTrusted(address)
  }

  private func isTrusted(_ address: IPAddress) -> Bool {
    trustedProxies.contains { $0.contains(address) }
  }
}
