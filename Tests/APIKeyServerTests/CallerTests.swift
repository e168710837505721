import APIKeyRPC
import GRPCCore
import Testing

@testable import APIKeyGRPCServices
@testable import APIKeyService

@Suite("Caller")
struct CallerTests {
  @Test(
    "The audit trail's form: socket, the kernel's peer, the reported user cleaned to printable ASCII"
  )
  func description() {
    let caller = Caller(
      socket: "admin",
      metadata: [RPCHeader.peer: "pid=7 uid=0 gid=0", RPCHeader.reportedUser: "ali ce\u{7f}"])
    #expect("\(caller)" == "admin-socket pid=7 uid=0 gid=0 user=alice")
    #expect("\(Caller.daemon("apikeyserv startup"))" == "apikeyserv startup")
    let long = Caller(
      socket: "admin",
      metadata: [RPCHeader.reportedUser: .string(String(repeating: "x", count: 200))])
    #expect(long.reportedUser?.count == 64)
  }

  @Test(
    "A malformed peer header gives no peer rather than a wrong one",
    arguments: [
      "pid=1", "pid=x uid=1 gid=1", "pid=1 uid=1 gid=1 extra=2", "uid=1 gid=1 pid=1 pid=2", "",
    ])
  func malformedPeer(header: String) {
    #expect(Caller.Peer(header) == nil)
  }
}
