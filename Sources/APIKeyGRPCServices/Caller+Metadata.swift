import APIKeyRPC
import APIKeyService
package import GRPCCore

extension Caller {
  /// The caller of a call on `socket` with request `metadata`.
  package init(socket: String, metadata: Metadata) {
    self.init(
      socket: "\(socket)-socket",
      peer: metadata[stringValues: RPCHeader.peer].first(where: { _ in true }).flatMap(Peer.init),
      reportedUser: metadata[stringValues: RPCHeader.reportedUser].first(where: { _ in true }).map {
        String($0.unicodeScalars.filter { $0.value > 0x20 && $0.value < 0x7f }.prefix(64))
      })
  }
}
