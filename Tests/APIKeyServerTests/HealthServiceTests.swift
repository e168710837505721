import APIKeyRPC
import GRPCCore
import SwiftProtobuf
import Testing

@testable import APIKeyServer

@Suite("Health service")
struct HealthServiceTests {
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
