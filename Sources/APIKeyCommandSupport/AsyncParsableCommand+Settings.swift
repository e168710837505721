public import ArgumentParser
import Foundation

extension AsyncParsableCommand {
  /// Runs the command as `main()` does, with the settings of the environment (`PREFIX_NAME`) and
  /// of the configuration file put before the command line (`SettingSources`). `subcommands`
  /// are the commands by name; the first given argument that names one selects it, else
  /// `defaultCommand` runs. A file line that no command takes, or a flag set to neither true
  /// nor false, ends the program with status 64, naming the file and line or the variable.
  public static func main(
    prefix: String, subcommands: [String: any ParsableArguments.Type] = [:],
    defaultCommand: any ParsableArguments.Type
  ) async {
    let given = Array(CommandLine.arguments.dropFirst())
    guard !SettingSources.asksForHelp(given) else { return await main(given) }
    let named = given.first.flatMap { subcommands[$0] }
    let (head, rest) = named == nil ? ([], given) : ([given[0]], Array(given.dropFirst()))
    let sources: SettingSources
    do {
      sources = try SettingSources(
        given: rest, options: CommandOptions(named ?? defaultCommand),
        elsewhere: named == nil ? nil : CommandOptions(defaultCommand), prefix: prefix)
    } catch {
      FileHandle.standardError.write(Data("Error: \(error)\n".utf8))
      Foundation.exit(64)
    }
    SettingSources.current = sources
    let arguments = head + sources.arguments
    do {
      _ = try parseAsRoot(arguments)
    } catch {
      let outside = sources.origins.filter { $0.value != .commandLine }
        .sorted { $0.key < $1.key }
        .map { "--\($0.key) from \($0.value)" }
      var message = fullMessage(for: error)
      if !outside.isEmpty, exitCode(for: error) != .success {
        message += "\nSettings from outside the command line: \(outside.joined(separator: ", "))"
      }
      FileHandle.standardError.write(Data((message + "\n").utf8))
      Foundation.exit(exitCode(for: error).rawValue)
    }
    await main(arguments)
  }
}
