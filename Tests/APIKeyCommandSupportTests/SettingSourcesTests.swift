import APIKeyCommandSupport
import ArgumentParser
import Testing

/// A command with a value option, a flag and an option group, as the daemon has.
private struct Sample: ParsableCommand {
  @Option var dataDir = "./var"
  @Option var maxStreams = 256
  @Flag var selfService = false
  @OptionGroup var logging: LoggingOptions
  @OptionGroup var configFile: ConfigFileOption
}

private struct Narrow: ParsableCommand {
  @Option var dataDir = "./var"
}

@Suite("Settings from the environment and a configuration file")
struct SettingSourcesTests {
  let options = CommandOptions(Sample.self)

  @Test("The argument parser's own option list, with kinds and defaults; plumbing left out")
  func commandOptions() {
    #expect(
      options.names == ["data-dir", "max-streams", "self-service", "log-level", "log-format"])
    #expect(options.kinds["self-service"] == .flag)
    #expect(options.kinds["data-dir"] == .value)
    #expect(options.defaults["max-streams"] == "256")
    #expect(options.kinds["config"] == nil && options.kinds["help"] == nil)
  }

  @Test("Command line over environment over file; flags from true/false; origins recorded")
  func precedence() throws {
    let file = try ConfigurationFile(
      path: "/etc/x.conf",
      text: """
        # comment
        data_dir = "/from/file"
        max-streams = 10
        self-service = true
        log-format = json
        """)
    #expect(file.entries.map(\.name) == ["data-dir", "max-streams", "self-service", "log-format"])
    #expect(file.entries[0].value == "/from/file")
    let sources = try SettingSources(
      given: ["--log-format", "text"], options: options, prefix: "APP_",
      environment: ["APP_MAX_STREAMS": "20", "APP_SELF_SERVICE": "", "APP_UNKNOWN": "1"],
      file: file)
    let parsed = try Sample.parse(sources.arguments)
    #expect(parsed.dataDir == "/from/file")
    #expect(parsed.maxStreams == 20)
    #expect(parsed.selfService)
    #expect(parsed.logging.logFormat == .text)
    #expect(sources.origins["data-dir"] == .file(path: "/etc/x.conf", line: 2))
    #expect(sources.origins["max-streams"] == .environment(variable: "APP_MAX_STREAMS"))
    #expect(sources.origins["log-format"] == .commandLine)
    #expect(sources.ignoredVariables == ["APP_UNKNOWN"])
    let settings = EffectiveSettings(
      options: options, arguments: sources.arguments, sources: sources)
    #expect(settings.settings.first { $0.name == "log-level" }?.origin == "default")
    #expect(settings.settings.first { $0.name == "max-streams" }?.value == "20")
  }

  @Test(
    "A file line no command takes, a flag set to neither true nor false, a broken line: errors naming where"
  )
  func refusals() throws {
    #expect(throws: SettingError.self) {
      try ConfigurationFile(path: "f", text: "no equals sign here")
    }
    #expect(throws: SettingError.self) {
      try ConfigurationFile(path: "f", text: "data-dir = a\ndata_dir = b")
    }
    let typo = try ConfigurationFile(path: "f", text: "data-dri = /x")
    #expect {
      try SettingSources(given: [], options: options, prefix: "APP_", environment: [:], file: typo)
    } throws: {
      ($0 as? SettingError)?.description
        == "f:1: data-dri is not a setting (there is no --data-dri)"
    }
    #expect {
      try SettingSources(
        given: [], options: options, prefix: "APP_", environment: ["APP_SELF_SERVICE": "maybe"])
    } throws: { "\($0)".contains("APP_SELF_SERVICE: self-service is a flag") }
    // A daemon setting in the file is skipped by a subcommand that does not take it.
    let shared = try ConfigurationFile(path: "f", text: "data-dir = /d\nmax-streams = 3")
    let narrow = try SettingSources(
      given: [], options: CommandOptions(Narrow.self), elsewhere: options, prefix: "APP_",
      environment: [:], file: shared)
    #expect(narrow.arguments == ["--data-dir", "/d"])
  }

  @Test("A URL's password is hidden; other values are shown as they are")
  func redaction() {
    #expect(
      EffectiveSettings.redacted("postgres://user:s3cret@db:5432/keys")
        == "postgres://user:***@db:5432/keys")
    #expect(EffectiveSettings.redacted("postgres://user@db/keys") == "postgres://user@db/keys")
    #expect(EffectiveSettings.redacted("/var/lib/apikeyserv") == "/var/lib/apikeyserv")
  }
}
