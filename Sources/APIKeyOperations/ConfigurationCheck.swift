import APIKeyCore
import APIKeyMetrics
public import APIKeyServer
import APIKeyService
import APIKeyStore
import APIKeyStorePostgres
import APIKeyUnixServer
import Foundation
import Glibc
import Logging

/// `apikeyserv --check-config`: what the configuration comes to (the paths derived from it) and
/// what would keep the daemon from starting, found without starting it or changing a file.
public enum ConfigurationCheck {
  /// The outcome of a check.
  public struct Report: Sendable {
    /// Derived values: `name: value` lines.
    public var derived: [String] = []
    /// What is fine but worth knowing (a file that the first start creates).
    public var notes: [String] = []
    /// What lets the daemon start but not do all it is asked to (self-service without a key
    /// that signs).
    public var warnings: [String] = []
    /// What must be fixed, one sentence each naming the path or setting.
    public var problems: [String] = []
  }

  /// Checks `configuration`: the data directory and the master key (owner, mode, type; the
  /// directory and the database writable, on a read-write file system), the
  /// socket directories, the groups, the database (a SQLite schema newer than this apikeyserv,
  /// a PostgreSQL server that does not answer), sendmail and the metrics address.
  public static func run(_ configuration: DaemonConfiguration) async -> Report {
    var report = Report()
    let dataDirectory = configuration.dataDirectory
    report.derived = [
      "public socket: \(configuration.publicSocketPath) (0666)",
      "admin socket: \(configuration.adminSocketPath) (\(configuration.adminGroup.map { "0660, group \($0)" } ?? "0600"))",
      "database: \(configuration.databaseDescription)",
      "master key: \(configuration.masterKeyPath)",
    ]
    if let selfService = configuration.selfService {
      report.derived.append(
        "registration socket: \(selfService.socketPath) (\(selfService.group.map { "0660, group \($0)" } ?? "0600"))"
      )
    }
    report.derived.append(
      "metrics: \(configuration.metricsAddress.map { "http://\($0)/metrics" } ?? "off")")
    report.derived += schedule(configuration)

    if let status = FileStatus.of(path: dataDirectory) {
      report.check {
        try FileTrust.check(
          dataDirectory, status, kind: "data directory", type: S_IFDIR, forbidden: 0o022,
          fix: "0711")
      }
      report.writable(
        dataDirectory, what: "data directory",
        needed:
          "to write (on it the daemon can only start read-only: reads served, every change refused, its sockets elsewhere)"
      )
    } else {
      report.creatable(dataDirectory, what: "data directory", dataDirectory: nil)
    }
    if FileStatus.of(path: configuration.masterKeyPath) != nil {
      report.check {
        _ = try MasterKeyFile.load(configuration.masterKeyPath, logger: Logger(label: "check"))
      }
    } else {
      report.creatable(
        configuration.masterKeyPath, what: "master key", dataDirectory: dataDirectory,
        then: "; back it up apart from the database")
    }
    var sockets = [configuration.publicSocketPath, configuration.adminSocketPath]
    if let selfService = configuration.selfService { sockets.append(selfService.socketPath) }
    if case .unix(let path) = configuration.metricsAddress { sockets.append(path) }
    for socket in sockets {
      report.socket(socket, dataDirectory: dataDirectory)
    }
    for group in configuration.socketGroups {
      report.check { _ = try SocketFile.groupID(group) }
    }
    if let selfService = configuration.selfService, selfService.delivery == .email,
      access(selfService.sendmailPath, X_OK) != 0
    {
      report.problems.append("sendmail \(selfService.sendmailPath) is not an executable program")
    } else if let reminders = configuration.reminders, access(reminders.sendmailPath, X_OK) != 0 {
      report.problems.append(
        "sendmail \(reminders.sendmailPath) is not an executable program (--expiry-reminders needs it)"
      )
    }
    if let postgres = configuration.postgres {
      if let failure = await TCPProbe.failure(host: postgres.host, port: postgres.port) {
        report.problems.append(
          "PostgreSQL at \(postgres.host):\(postgres.port) does not answer: \(failure)")
      } else {
        report.notes.append("PostgreSQL at \(postgres.host):\(postgres.port) accepts connections")
      }
    } else {
      report.database(configuration.databasePath, dataDirectory: dataDirectory)
      if configuration.selfService != nil, !configuration.generateSigningKeyIfNone {
        report.signingKeyForSelfService(configuration.databasePath)
      }
    }
    return report
  }

  /// What happens to keys as time passes: reminders, renewal, erasure, usage kept.
  static func schedule(_ configuration: DaemonConfiguration) -> [String] {
    let reminders = configuration.reminders.map { reminders in
      "expiry reminders: \(reminders.thresholds.map(DurationText.short).joined(separator: ", ")) before expiry, to email_1 and email_2 through \(reminders.sendmailPath), checked every \(DurationText.short(reminders.interval))"
    }
    let links = configuration.reminders.map { reminders in
      reminders.renewalURL.map {
        "renewal links: \($0)/renew/…, working \(DurationText.short(reminders.linkLifetime)), once"
      } ?? "renewal links: none (no --renewal-url); reminders say whom to ask"
    }
    return [
      reminders ?? "expiry reminders: off",
      "renewal period: \(DurationText.short(configuration.renewalPeriod)) (keys renew, renewal links)",
    ] + (links.map { [$0] } ?? []) + [
      "erasure: \(configuration.eraseContactAfter.map { "owner details erased \(DurationText.short($0)) after expiry or revocation" } ?? "off (owner details kept)")",
      "usage kept: \(configuration.usagePolicy.retentionDays)d",
    ]
  }

  /// The report as `--check-config` prints it.
  public static func render(
    settings: [String], file: String?, ignoredVariables: [String], report: Report
  ) -> String {
    var lines = ["# apikeyserv configuration"]
    lines.append(
      "# precedence: command line, then APIKEYSERV_* variables, then the file (\(file ?? "none")), then the defaults"
    )
    lines += settings
    lines.append("")
    lines.append("# derived")
    lines += report.derived
    if !ignoredVariables.isEmpty {
      lines.append("")
      lines.append("# ignored (no such setting): \(ignoredVariables.joined(separator: ", "))")
    }
    if !report.notes.isEmpty {
      lines.append("")
      lines += report.notes.map { "note: \($0)" }
    }
    if !report.warnings.isEmpty {
      lines.append("")
      lines += report.warnings.map { "warning: \($0)" }
    }
    lines.append("")
    lines += report.problems.map { "problem: \($0)" }
    lines.append(
      report.problems.isEmpty
        ? "configuration ok"
        : "\(report.problems.count) problem\(report.problems.count == 1 ? "" : "s") found")
    return lines.joined(separator: "\n")
  }
}

extension ConfigurationCheck.Report {
  /// Runs `check`, recording what it throws as a problem.
  fileprivate mutating func check(_ check: () throws -> Void) {
    do {
      try check()
    } catch let error as DaemonError {
      problems.append(error.description)
    } catch {
      problems.append("\(error)")
    }
  }

  /// A missing file or directory the first start creates: fine if its directory is writable,
  /// or is the data directory that the start creates first.
  fileprivate mutating func creatable(
    _ path: String, what: String, dataDirectory: String?, then advice: String = ""
  ) {
    let parent = (path as NSString).deletingLastPathComponent
    let created = parent == dataDirectory && FileStatus.of(path: parent) == nil
    if created || access(parent.isEmpty ? "." : parent, W_OK | X_OK) == 0 {
      notes.append("\(what) \(path) does not exist yet; the daemon creates it\(advice)")
    } else {
      problems.append(
        "\(what) \(path) does not exist and its directory \(parent) is missing or not writable")
    }
  }

  /// An existing file or directory the daemon writes: writable by this user, on a file system
  /// mounted read-write.
  fileprivate mutating func writable(_ path: String, what: String, needed: String) {
    guard access(path, W_OK) != 0 else { return }
    problems.append("\(what) \(path) is \(Self.unwritable(errno)): the daemon needs it \(needed)")
  }

  /// Why `access(…, W_OK)` failed with `cause`, as "is …" goes on.
  private static func unwritable(_ cause: Int32) -> String {
    cause == EROFS
      ? "on a read-only file system"
      : "not writable by this user (\(String(cString: strerror(cause))))"
  }

  /// A socket path: short enough, in a directory that exists (or is the data directory, which
  /// the daemon creates) and that the daemon may write.
  fileprivate mutating func socket(_ path: String, dataDirectory: String) {
    guard path.utf8.count < 108 else {
      problems.append("socket path \(path) is longer than 107 bytes; a Unix socket's path is not")
      return
    }
    let parent = (path as NSString).deletingLastPathComponent
    let directory = parent.isEmpty ? "." : parent
    if directory == dataDirectory, FileStatus.of(path: dataDirectory) == nil { return }
    guard FileStatus.of(path: directory)?.type == S_IFDIR else {
      problems.append("socket \(path): directory \(directory) does not exist")
      return
    }
    if access(directory, W_OK | X_OK) != 0 {
      problems.append("socket \(path): directory \(directory) is \(Self.unwritable(errno))")
    }
  }

  /// Self-service on a SQLite database: some signing key must sign now, or the public gets 503.
  fileprivate mutating func signingKeyForSelfService(_ path: String) {
    let signing =
      FileStatus.of(path: path) == nil
      ? 0 : (try? SQLiteBackend.signingKeysSigning(path: path, at: Date())) ?? 1
    guard signing == 0 else { return }
    warnings.append(
      "self-service is on, but no signing key signs now: every request for a key gets 503 until one is added (apikeyctl signing-key generate after the start, or --generate-signing-key-if-none)"
    )
  }

  /// The SQLite database: its schema must be one this apikeyserv knows.
  fileprivate mutating func database(_ path: String, dataDirectory: String) {
    guard FileStatus.of(path: path) != nil else {
      creatable(path, what: "database", dataDirectory: dataDirectory)
      return
    }
    writable(path, what: "the database", needed: "to record every change")
    do {
      let applied = try SQLiteBackend.appliedVersions(path: path)
      let known = SQLiteBackend.knownVersions
      if let problem = SchemaVersions.unknown(applied, known: known) {
        problems.append("the database \(path) \(problem)")
      } else if let last = applied.last, last != known.last {
        notes.append(
          "the database \(path) has schema \(last); the next start migrates it to \(known.last ?? "")"
        )
      } else {
        notes.append("the database \(path) has schema \(applied.last ?? "none yet")")
      }
    } catch {
      problems.append("cannot read the database \(path): \(error)")
    }
  }
}
