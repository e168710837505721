public import ArgumentParser
import Foundation

/// Runs apikeyctl's root command: reads the arguments as users type them (kids that start with
/// `-`, global options before the subcommand), and prints every failure the same way:
/// `apikeyctl: <message>` on stderr (with the usage for a bad argument) and a non-zero exit.
public enum ControlCommand {
  /// Parses `arguments` against `root`, runs the command, and exits.
  public static func main<Root: ParsableCommand>(
    _ root: Root.Type, arguments: [String]
  ) async -> Never {
    let name = root.configuration.commandName ?? "apikeyctl"
    let arguments = ControlOptions.hoisted(KidArgument.escaping(arguments), in: root)
    do {
      var command = try root.parseAsRoot(arguments)
      if var asynchronous = command as? any AsyncParsableCommand {
        try await asynchronous.run()
      } else {
        try command.run()
      }
      exit(0)
    } catch let failure as ControlFailure {
      FileHandle.standardError.write(Data("\(name): \(failure.description)\n".utf8))
      exit(failure.code.rawValue)
    } catch {
      let code = root.exitCode(for: error)
      guard code != .success else { root.exit(withError: error) }  // --help, --version
      var message = root.fullMessage(for: error)
      if message.hasPrefix("Error: ") { message.removeFirst("Error: ".count) }
      FileHandle.standardError.write(Data("\(name): \(message)\n".utf8))
      exit(code.rawValue)
    }
  }
}
