import Glibc

/// An IPv4 or IPv6 address, as a client's address for rate limits and proxy trust.
public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
  /// 4 bytes (IPv4) or 16 (IPv6), network order.
  public let bytes: [UInt8]

  /// Parses the textual form (`192.0.2.1`, `2001:db8::1`; an IPv4-mapped IPv6 address becomes
  /// IPv4); nil for anything else.
  public init?(_ text: some StringProtocol) {
    let text = String(text)
    var v4 = in_addr()
    var v6 = in6_addr()
    if inet_pton(AF_INET, text, &v4) == 1 {
      bytes = withUnsafeBytes(of: &v4) { Array($0) }
    } else if inet_pton(AF_INET6, text, &v6) == 1 {
      let all = withUnsafeBytes(of: &v6) { Array($0) }
      let mapped = all.prefix(10).allSatisfy { $0 == 0 } && all[10] == 0xff && all[11] == 0xff
      bytes = mapped ? Array(all.suffix(4)) : all
    } else {
      return nil
    }
  }

  public var isIPv4: Bool { bytes.count == 4 }

  /// What a rate limit counts: the address itself for IPv4, its /64 network for IPv6 (one
  /// subscriber usually holds a whole /64).
  public var rateLimitKey: String {
    isIPv4 ? description : IPNetwork(address: self, prefixLength: 64).description
  }

  /// The canonical text (`inet_ntop`).
  public var description: String {
    var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
    let family = isIPv4 ? AF_INET : AF_INET6
    _ = bytes.withUnsafeBytes {
      inet_ntop(family, $0.baseAddress, &buffer, socklen_t(buffer.count))
    }
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}

/// An address range in CIDR notation (`10.0.0.0/8`, `::1/128`; a bare address is a single host).
public struct IPNetwork: Sendable, Hashable, CustomStringConvertible {
  public let address: IPAddress
  public let prefixLength: Int

  /// The network of `address` with the first `prefixLength` bits kept.
  public init(address: IPAddress, prefixLength: Int) {
    var bytes = address.bytes
    for index in bytes.indices {
      let keep = min(8, max(0, prefixLength - index * 8))
      bytes[index] &= keep == 0 ? 0 : ~UInt8(0) << (8 - keep)
    }
    // '!' is fine: the bytes come from a valid address of the same family.
    self.address = IPAddress(bytes: bytes)
    self.prefixLength = prefixLength
  }

  /// Parses `ADDRESS/LENGTH` or `ADDRESS`; nil when either part is wrong.
  public init?(_ text: some StringProtocol) {
    let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
    guard let address = IPAddress(parts[0]) else { return nil }
    let maximum = address.bytes.count * 8
    let length: Int
    if parts.count == 2 {
      guard let given = Int(parts[1]), (0 ... maximum).contains(given) else { return nil }
      length = given
    } else {
      length = maximum
    }
    self.init(address: address, prefixLength: length)
  }

  /// Whether `candidate` lies in this network.
  public func contains(_ candidate: IPAddress) -> Bool {
    candidate.bytes.count == address.bytes.count
      && IPNetwork(address: candidate, prefixLength: prefixLength).address == address
  }

  public var description: String { "\(address)/\(prefixLength)" }
}

extension IPAddress {
  fileprivate init(bytes: [UInt8]) {
    self.bytes = bytes
  }
}
