import APIKeyService
import GRPCCore

extension ServerContext {
  /// Who made this call; set by `CallBoundary`. Carried in `transportSpecific` (wrapping the
  /// transport's own value), the one place grpc-swift lets an interceptor attach data to a call.
  var caller: Caller {
    get {
      (transportSpecific as? CallerAttachment)?.caller
        ?? Caller(socket: "unidentified", peer: nil, reportedUser: nil)
    }
    set {
      let transport = (transportSpecific as? CallerAttachment)?.transport ?? transportSpecific
      transportSpecific = CallerAttachment(caller: newValue, transport: transport)
    }
  }
}

/// `ServerContext.caller`'s storage, with the transport's own value kept beside it.
private struct CallerAttachment: ServerContext.TransportSpecific {
  let caller: Caller
  let transport: (any ServerContext.TransportSpecific)?
}
