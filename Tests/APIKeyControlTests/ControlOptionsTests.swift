import APIKeyControl
import ArgumentParser
import Testing

@Suite("Global options")
struct ControlOptionsTests {
  struct Root: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "apikeyctl", subcommands: [Keys.self, Issue.self])
  }
  struct Keys: ParsableCommand {
    static let configuration = CommandConfiguration(subcommands: [List.self])
  }
  struct List: ParsableCommand {
    @OptionGroup var options: ControlOptions
    @Option var organisation: String?
  }
  struct Issue: ParsableCommand {
    @OptionGroup var options: ControlOptions
    @Option var email: String
  }

  @Test(
    "Global options before or between subcommand names move behind them; the rest stays in order",
    arguments: [
      (
        ["--socket", "/s", "--json", "keys", "list"], ["keys", "list", "--socket", "/s", "--json"]
      ),
      (
        ["keys", "--socket=/s", "list", "--organisation", "O"],
        ["keys", "list", "--socket=/s", "--organisation", "O"]
      ),
      (
        ["--daemon-user", "root", "issue", "--email", "a@b.nl"],
        ["issue", "--daemon-user", "root", "--email", "a@b.nl"]
      ),
      (["keys", "list", "--json"], ["keys", "list", "--json"]),
      (["--colour", "keys", "list"], ["--colour", "keys", "list"]),
      (["--socket"], ["--socket"]),
    ])
  func hoisting(arguments: [String], expected: [String]) {
    #expect(ControlOptions.hoisted(arguments, in: Root.self) == expected)
  }

  @Test("Hoisted arguments parse: the subcommand reads the global options")
  func parses() throws {
    let arguments = ControlOptions.hoisted(
      ["--json", "--socket", "/run/a.sock", "keys", "list"], in: Root.self)
    let list = try #require(try Root.parseAsRoot(arguments) as? List)
    #expect(list.options.json && list.options.socketPath == "/run/a.sock")
  }
}
