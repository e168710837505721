import Testing

@testable import APIKeyUnixServer

@Suite("Call deadlines")
struct CallDeadlineTests {
  let limits = SocketLimits(
    maximumConnections: nil, maximumConnectionsPerUser: nil, maximumStreamsPerUser: nil,
    maximumStreamsPerConnection: 100, maximumMessageSize: 65536, idleTimeout: nil,
    callTimeout: .seconds(30), streamTimeout: .seconds(3600))

  @Test(
    "A unary call without a deadline, or asking for a longer one, gets the call timeout; a shorter one is kept"
  )
  func unary() {
    let path = "/apikeyserv.v1.Admin/IssueKey"
    #expect(CallDeadline.header(path: path, requested: nil, limits: limits) == "30000m")
    #expect(CallDeadline.header(path: path, requested: "1H", limits: limits) == "30000m")
    #expect(CallDeadline.header(path: path, requested: "31S", limits: limits) == "30000m")
    #expect(CallDeadline.header(path: path, requested: "5S", limits: limits) == nil)
    #expect(CallDeadline.header(path: path, requested: "garbage", limits: limits) == "30000m")
  }

  @Test("Bulk streams get the stream timeout; watch streams have none")
  func streams() {
    #expect(
      CallDeadline.header(path: "/apikeyserv.v1.Admin/Backup", requested: nil, limits: limits)
        == "3600000m")
    #expect(
      CallDeadline.header(
        path: "/apikeyserv.v1.PublicKeys/WatchPublicKeys", requested: nil, limits: limits) == nil)
    #expect(
      CallDeadline.header(path: "/grpc.health.v1.Health/Watch", requested: "1S", limits: limits)
        == nil)
  }

  @Test(
    "grpc-timeout values in every unit read as milliseconds, rounded up; malformed ones are nil",
    arguments: [
      ("2H", Int64(7_200_000)), ("3M", 180_000), ("4S", 4000), ("5m", 5), ("1500u", 2), ("1n", 1),
    ])
  func units(value: String, milliseconds: Int64) {
    #expect(CallDeadline.milliseconds(value) == milliseconds)
  }

  @Test(
    "Malformed grpc-timeout values are refused", arguments: ["", "S", "-1S", "123456789S", "5X"])
  func malformed(value: String) {
    #expect(CallDeadline.milliseconds(value) == nil)
  }
}
