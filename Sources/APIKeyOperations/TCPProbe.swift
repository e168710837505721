import APIKeyServer
import APIKeyUnixServer
import Glibc
import NIOCore
import NIOPosix

/// Whether a TCP server answers at an address, for `--check-config`: a connection is opened
/// and closed, nothing is sent.
enum TCPProbe {
  /// Why `host:port` takes no connection within `timeout`; nil when it does.
  static func failure(host: String, port: Int, timeout: TimeAmount = .seconds(3)) async -> String? {
    do {
      let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .connectTimeout(timeout)
        .connect(host: host, port: port).get()
      try? await channel.close()
      return nil
    } catch {
      return "\(error)"
    }
  }
}
