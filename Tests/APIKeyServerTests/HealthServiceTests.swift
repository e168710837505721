import APIKeyRPC
import GRPCCore
import SwiftProtobuf
import Testing

@testable import APIKeyService

@Suite("Health service")
struct HealthServiceTests {
  @Test(
    "While the database does not answer, Admin is NOT_SERVING; the server and PublicKeys stay SERVING"
  )
  func databaseDown() async throws {
    try await InProcessDaemon.run { daemon in
      daemon.database.record("the database did not answer")
      let admin = try await daemon.health.check(.with { $0.service = "apikeyserv.v1.Admin" })
      #expect(admin.status == .notServing)
      for name in ["", "apikeyserv.v1.PublicKeys"] {
        #expect(try await daemon.health.check(.with { $0.service = name }).status == .serving)
      }
      daemon.database.record(nil)
      let back = try await daemon.health.check(.with { $0.service = "apikeyserv.v1.Admin" })
      #expect(back.status == .serving)
    }
  }

  @Test("SERVING for the server and each hosted service; NOT_FOUND naming an unknown one")
  func check() async throws {
    try await InProcessDaemon.run { daemon in
      for name in ["", "apikeyserv.v1.Admin", "apikeyserv.v1.PublicKeys"] {
        let answer = try await daemon.health.check(.with { $0.service = name })
        #expect(answer.status == .serving)
      }
      let error = await #expect(throws: RPCError.self) {
        _ = try await daemon.health.check(.with { $0.service = "apikeyserv.v1.Nothing" })
      }
      #expect(error?.code == .notFound && error?.message.contains("apikeyserv.v1.Nothing") == true)
    }
  }
}
