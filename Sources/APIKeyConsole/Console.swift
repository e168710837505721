public import APIKeyControl
import APIKeyRPC
import Foundation
import Glibc
import Hummingbird
public import Logging
import NIOCore
import ServiceLifecycle
import UnixSignals

/// `apikeyctl console`: the admin console in the browser. It runs as the admin who starts it
/// and calls the admin socket with that admin's credentials (each change is audited as that
/// user; whoever cannot open the socket gets no console), serves server-rendered pages on
/// loopback or a Unix socket, and prints one URL with a single-use secret. It keeps no state of
/// its own beyond the sessions in memory; Ctrl-C stops it.
public enum Console {
  /// Checks the admin socket, then serves until SIGINT or SIGTERM. `announce` gets each entry
  /// link (the first once serving, a new one for each line read from standard input).
  public static func run(
    _ configuration: ConsoleConfiguration, logger: Logger,
    announce: @escaping @Sendable (String) -> Void
  ) async throws {
    let daemon = ConsoleDaemon(options: configuration.control)
    // No console for whoever the daemon refuses: fail before serving anything.
    do {
      _ = try await daemon.admin { admin in try await admin.listSigningKeys(.init()) }
    } catch {
      throw ControlFailure("no console: \(error.message)")
    }
    let sessions = ConsoleSessions(lifetime: configuration.sessionLifetime)
    let pages = ConsolePages(
      sessions: sessions, user: ProcessInfo.processInfo.userName,
      socket: configuration.control.socketPath)
    let parts = ConsoleParts(daemon: daemon, pages: pages, sessions: sessions)
    let router = Router(context: ConsoleRequestContext.self)
    router.add(middleware: ConsoleAccess(sessions: sessions, pages: pages))
    KeyListPage(parts: parts).add(to: router)
    KeyPage(parts: parts).add(to: router)
    IssuePage(parts: parts).add(to: router)
    SigningKeyPage(parts: parts).add(to: router)
    AuditPage(parts: parts).add(to: router)
    VerifiersPage(parts: parts).add(to: router)
    BackupPage(parts: parts).add(to: router)
    let address: BindAddress
    switch configuration.address {
    case .tcp(let host, let port): address = .hostname(host, port: port)
    case .unix(let path):
      // A socket left by an earlier console; anything else at the path is not ours to remove.
      if let attributes = try? FileManager.default.attributesOfItem(atPath: path) {
        guard attributes[.type] as? FileAttributeType == .typeSocket else {
          throw ControlFailure("\(path) exists and is not a socket; choose another --listen path")
        }
        unlink(path)
      }
      address = .unixDomainSocket(path: path)
    }
    let listen = configuration.address
    let application = Application(
      router: router,
      configuration: .init(address: address, serverName: "apikeyctl-console"),
      onServerRunning: { channel in
        if case .unix(let path) = listen { chmod(path, 0o600) }
        let base = Self.base(listen, channel: channel)
        announce("\(base)/enter/\(sessions.newEntrySecret())")
        Self.readLines { announce("\(base)/enter/\(sessions.newEntrySecret())") }
      },
      logger: logger)
    try await application.runService(gracefulShutdownSignals: [.sigterm, .sigint])
    if case .unix(let path) = listen { unlink(path) }
  }

  /// The URL the browser uses: the bound address, or for a Unix socket `localhost:8080` (the
  /// usual end of `ssh -L 8080:PATH host`).
  static func base(_ listen: ConsoleAddress, channel: any Channel) -> String {
    switch listen {
    case .unix: return "http://localhost:8080"
    case .tcp(let host, _):
      let port = channel.localAddress?.port ?? 0
      return host.contains(":") ? "http://[\(host)]:\(port)" : "http://\(host):\(port)"
    }
  }

  /// Calls `body` for each line on standard input (Enter in the console's terminal: a new
  /// link), on a thread of its own; stops at the end of input.
  static func readLines(_ body: @escaping @Sendable () -> Void) {
    let thread = Thread {
      while readLine() != nil { body() }
    }
    thread.start()
  }
}
