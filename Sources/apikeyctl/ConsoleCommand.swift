import APIKeyCommandSupport
import APIKeyConsole
import APIKeyControl
import ArgumentParser
import Foundation
import Logging

/// `apikeyctl console [--listen ADDRESS] [--session-lifetime DURATION]`.
struct ConsoleCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "console",
    abstract: "Serve the admin console in a browser, as you, on loopback or a Unix socket.",
    discussion: """
      Calls the admin socket with your credentials, as every apikeyctl command: each change is \
      audited as you, and a user who cannot open the socket gets no console. Prints one URL \
      with a single-use secret; opening it sets a session cookie (HttpOnly, SameSite=Strict) \
      and the secret is spent. Press Enter for a new link; Ctrl-C stops the console. From a \
      laptop: --listen unix:PATH here, `ssh -L 8080:PATH host` there, then open the printed \
      URL. See docs/console.md.
      """)

  @OptionGroup var options: ControlOptions

  @Option(
    help: ArgumentHelp(
      "Where to serve: 127.0.0.1:PORT (0: a free port), [::1]:PORT, or unix:PATH (created mode 0600). Loopback only.",
      valueName: "address"))
  var listen: String = "127.0.0.1:0"

  @Option(
    help: ArgumentHelp(
      "How long a browser session lasts from entry (8h, 30m, 1d).", valueName: "duration"))
  var sessionLifetime = DurationArgument(argument: "12h")!

  func validate() throws {
    guard ConsoleAddress(listen) != nil else {
      throw ValidationError(
        "--listen: \(listen) is not a loopback address and port (127.0.0.1:8080) or unix:PATH; the console never listens on the network"
      )
    }
    guard (60 ... 7 * 86400).contains(sessionLifetime.seconds) else {
      throw ValidationError("--session-lifetime: from 1 minute to 7 days")
    }
  }

  func run() async throws {
    // '!' is fine: validate() checked it.
    let address = ConsoleAddress(listen)!
    var logger = Logger(label: "apikeyctl-console")
    logger.logLevel = .warning
    let unix: String? = if case .unix(let path) = address { path } else { nil }
    try await Console.run(
      ConsoleConfiguration(
        address: address, sessionLifetime: sessionLifetime.seconds, control: options),
      logger: logger
    ) { link in
      var lines = ["Open the console (the link works once; Enter prints a new one):", "  \(link)"]
      if let unix {
        lines.insert(
          "Serving on \(unix). From your laptop: ssh -L 8080:\(unix) HOST, then:", at: 0)
      }
      FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    }
  }
}
