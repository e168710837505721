import APIKeyMetrics
import Testing

@Suite("--metrics-listen addresses")
struct MetricsAddressTests {
  @Test("A port alone is loopback; host:port, [v6]:port and Unix socket paths")
  func accepted() throws {
    #expect(try MetricsAddress("9464") == .tcp(host: "127.0.0.1", port: 9464))
    #expect(try MetricsAddress("0.0.0.0:9464") == .tcp(host: "0.0.0.0", port: 9464))
    #expect(try MetricsAddress("[::1]:9464") == .tcp(host: "::1", port: 9464))
    #expect(
      try MetricsAddress("/run/apikeyserv/metrics.sock")
        == .unix(path: "/run/apikeyserv/metrics.sock"))
    #expect(try MetricsAddress("unix:/tmp/m.sock") == .unix(path: "/tmp/m.sock"))
    #expect(try MetricsAddress("[::1]:9464").description == "[::1]:9464")
  }

  @Test(
    "A bad port, a bare IPv6 address, a relative or too long socket path are refused",
    arguments: [
      "0", "65536", "host:", "::1:9464", "unix:relative.sock",
      "/" + String(repeating: "x", count: 120), "abc",
    ])
  func refused(text: String) {
    #expect(throws: MetricsAddressError.self) { try MetricsAddress(text) }
  }
}
