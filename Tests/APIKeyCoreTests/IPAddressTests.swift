import APIKeyCore
import Testing

@Suite("IP addresses and networks")
struct IPAddressTests {
  @Test("IPv4, IPv6 and IPv4-mapped addresses parse to their canonical text; others do not")
  func parses() {
    #expect(IPAddress("192.0.2.1")?.description == "192.0.2.1")
    #expect(IPAddress("2001:DB8:0::1")?.description == "2001:db8::1")
    #expect(IPAddress("::ffff:192.0.2.1")?.description == "192.0.2.1")
    for bad in ["", "192.0.2", "192.0.2.256", "example.org", "1.2.3.4:80", " 1.2.3.4"] {
      #expect(IPAddress(bad) == nil, "\(bad)")
    }
  }

  @Test("An IPv6 client counts by its /64, an IPv4 client by its address")
  func rateLimitKeys() {
    #expect(IPAddress("2001:db8:1:2:aaaa::1")?.rateLimitKey == "2001:db8:1:2::/64")
    #expect(IPAddress("198.51.100.7")?.rateLimitKey == "198.51.100.7")
  }

  @Test("A CIDR range contains the addresses of its family under its prefix")
  func networks() throws {
    let ten = try #require(IPNetwork("10.1.2.3/8"))
    #expect(ten.description == "10.0.0.0/8")
    #expect(ten.contains(IPAddress("10.255.0.1")!))
    #expect(!ten.contains(IPAddress("11.0.0.1")!))
    #expect(!ten.contains(IPAddress("::a01:203")!))
    let host = try #require(IPNetwork("::1"))
    #expect(host.prefixLength == 128 && host.contains(IPAddress("::1")!))
    #expect(IPNetwork("10.0.0.0/33") == nil)
    #expect(IPNetwork("10.0.0.0/") == nil)
    #expect(IPNetwork("fd00::/7")?.contains(IPAddress("fdff::1")!) == true)
  }
}
