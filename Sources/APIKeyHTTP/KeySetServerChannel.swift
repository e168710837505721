import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

/// Hummingbird's HTTP/1.1 child channel with `KeySetFastPath` added after its connection state
/// handler, so the key set documents are answered on the event loop and everything else goes to
/// the router as before.
struct KeySetServerChannel: ServerChildChannel {
  typealias Value = HTTP1Channel.Value

  let http1: HTTP1Channel
  let fastPath: @Sendable () -> KeySetFastPath

  func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
    http1.setup(channel: channel, logger: logger).flatMapThrowing { value in
      let operations = channel.pipeline.syncOperations
      let state = try operations.handler(type: HTTPConnectionStateHandler.self)
      try operations.addHandler(fastPath(), position: .after(state))
      return value
    }
  }

  func handle(value: Value, logger: Logger) async {
    await http1.handle(value: value, logger: logger)
  }
}

extension HTTPServerBuilder {
  /// HTTP/1.1 as `.http1(configuration:)` builds it, with the key set fast path.
  static func http1(
    configuration: HTTP1Channel.Configuration, fastPath: @escaping @Sendable () -> KeySetFastPath
  ) -> HTTPServerBuilder {
    HTTPServerBuilder { responder in
      KeySetServerChannel(
        http1: HTTP1Channel(responder: responder, configuration: configuration), fastPath: fastPath)
    }
  }
}
