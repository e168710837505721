import Foundation
import Glibc

/// A throwaway PostgreSQL cluster for the tests of this process: Debian's `initdb` and `pg_ctl`
/// (from /usr/lib/postgresql/N/bin or PATH) make it in a fresh directory under /tmp, as the
/// `postgres` user when the tests run as root; it listens on a free loopback port with password
/// (SCRAM) authentication, and with `tls` only over TLS, with a certificate from a CA made for
/// it. It is stopped and removed when this process ends (a watchdog waits for its exit), or by
/// `stop()`.
public final class PostgresServer: @unchecked Sendable {
  /// The cluster's superuser, whose password the tests use.
  public static let user = "apikeyserv"
  public let port: Int
  public let password: String
  /// The CA certificate the server's certificate is signed with (TLS clusters).
  public let rootCertificate: String?
  public let directory: String
  private let bin: String
  private let lock = NSLock()
  private var databases = 0

  /// The plain (loopback, password) cluster, started on first use.
  public static func shared() throws -> PostgresServer { try plain.get() }
  /// The TLS-only cluster, started on first use.
  public static func withTLS() throws -> PostgresServer { try secure.get() }

  private static let plain = Lazy { try PostgresServer(tls: false) }
  private static let secure = Lazy { try PostgresServer(tls: true) }

  /// Makes and starts a cluster.
  public init(tls: Bool) throws {
    bin = try Self.binaries()
    directory = "/tmp/akpg-\(UUID().uuidString.prefix(8))"
    password = UUID().uuidString
    port = try Self.freePort()
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
    try "\(password)\n".write(toFile: "\(directory)/pw", atomically: true, encoding: .utf8)
    if tls {
      try Self.makeCertificates(in: directory)
      rootCertificate = "\(directory)/ca.crt"
    } else {
      rootCertificate = nil
    }
    try Self.run(["chown", "-R", "postgres:postgres", directory], asPostgres: false)
    try Self.run(
      [
        "\(bin)/initdb", "-D", "\(directory)/data", "-U", Self.user, "--pwfile=\(directory)/pw",
        "-A", "scram-sha-256", "-E", "UTF8", "--no-instructions",
      ])
    var conf = """
      listen_addresses = '127.0.0.1'
      port = \(port)
      unix_socket_directories = '\(directory)'
      max_connections = 200
      fsync = off
      synchronous_commit = off
      full_page_writes = off

      """
    var hba = "local all all scram-sha-256\n"
    if tls {
      conf += """
        ssl = on
        ssl_cert_file = '\(directory)/server.crt'
        ssl_key_file = '\(directory)/server.key'

        """
      hba += "hostssl all all 127.0.0.1/32 scram-sha-256\n"
    } else {
      hba += "host all all 127.0.0.1/32 scram-sha-256\n"
    }
    try Self.append(conf, to: "\(directory)/data/postgresql.conf")
    try hba.write(toFile: "\(directory)/data/pg_hba.conf", atomically: false, encoding: .utf8)
    try Self.run(
      ["\(bin)/pg_ctl", "-D", "\(directory)/data", "-l", "\(directory)/log", "-w", "start"])
    try watchOverThisProcess()
  }

  /// A URL for a new, empty database of this cluster (`sslmode` given, or `disable` on the plain
  /// cluster and `verify-full` on the TLS one), and the password apart from it.
  public func newDatabase(sslmode: String? = nil, host: String = "127.0.0.1") throws -> String {
    let name = lock.withLock {
      databases += 1
      return "t\(getpid())_\(databases)"
    }
    try psql("CREATE DATABASE \(name)")
    return url(database: name, sslmode: sslmode, host: host)
  }

  /// A URL for `database` with the password in it.
  public func url(database: String, sslmode: String? = nil, host: String = "127.0.0.1") -> String {
    let mode = sslmode ?? (rootCertificate == nil ? "disable" : "verify-full")
    var text = "postgres://\(Self.user):\(password)@\(host):\(port)/\(database)?sslmode=\(mode)"
    if let rootCertificate, mode.hasPrefix("verify") { text += "&sslrootcert=\(rootCertificate)" }
    return text
  }

  /// Runs `sql` as the superuser through the cluster's Unix socket.
  @discardableResult
  public func psql(_ sql: String, database: String = "postgres") throws -> String {
    try Self.run(
      [
        "env", "PGPASSWORD=\(password)", "psql", "-h", directory, "-p", "\(port)", "-U", Self.user,
        "-d", database, "-v", "ON_ERROR_STOP=1", "-tAc", sql,
      ])
  }

  /// Stops the server (fast shutdown: connections are closed).
  public func stop() throws {
    try Self.run(["\(bin)/pg_ctl", "-D", "\(directory)/data", "-m", "fast", "-w", "stop"])
  }

  /// Starts the server again after `stop()`.
  public func start() throws {
    try Self.run(
      ["\(bin)/pg_ctl", "-D", "\(directory)/data", "-l", "\(directory)/log", "-w", "start"])
  }

  /// Stops the cluster and removes its directory once this process has ended.
  private func watchOverThisProcess() throws {
    let script = """
      while [ -d /proc/\(getpid()) ]; do sleep 1; done
      \(bin)/pg_ctl -D \(directory)/data -m immediate stop >/dev/null 2>&1
      rm -rf \(directory)
      """
    // setsid -f: forks, so the watchdog is no child of this process and is not waited for.
    try Self.run(["setsid", "-f"] + Self.asPostgres(["sh", "-c", script]), asPostgres: false)
  }

  private static func binaries() throws -> String {
    let versions =
      (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
    if let newest = versions.compactMap(Int.init).max() {
      return "/usr/lib/postgresql/\(newest)/bin"
    }
    for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
    where FileManager.default.isExecutableFile(atPath: "\(directory)/initdb") {
      return String(directory)
    }
    throw ServerError(
      "PostgreSQL's initdb is not installed (apt-get install postgresql; make test does)")
  }

  private static func freePort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
      pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
      }
    }
    guard bound else { throw ServerError("cannot find a free port") }
    return Int(UInt16(bigEndian: address.sin_port))
  }

  /// A CA and a server certificate for localhost and 127.0.0.1, signed by it.
  private static func makeCertificates(in directory: String) throws {
    let openssl = ["openssl"]
    try run(
      openssl + [
        "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-days", "2", "-subj", "/CN=apikeyserv test CA", "-keyout", "\(directory)/ca.key", "-out",
        "\(directory)/ca.crt",
      ], asPostgres: false)
    try run(
      openssl + [
        "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-subj",
        "/CN=localhost", "-keyout", "\(directory)/server.key", "-out", "\(directory)/server.csr",
      ], asPostgres: false)
    try "subjectAltName = DNS:localhost, IP:127.0.0.1\n".write(
      toFile: "\(directory)/san.ext", atomically: true, encoding: .utf8)
    try run(
      openssl + [
        "x509", "-req", "-in", "\(directory)/server.csr", "-CA", "\(directory)/ca.crt", "-CAkey",
        "\(directory)/ca.key", "-CAcreateserial", "-days", "2", "-extfile", "\(directory)/san.ext",
        "-out", "\(directory)/server.crt",
      ], asPostgres: false)
    chmod("\(directory)/server.key", 0o600)
  }

  private static func append(_ text: String, to path: String) throws {
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    defer { try? handle.close() }
    try handle.seekToEnd()
    try handle.write(contentsOf: Data(text.utf8))
  }

  /// `arguments` as the postgres user when this process is root.
  private static func asPostgres(_ arguments: [String]) -> [String] {
    getuid() == 0 ? ["runuser", "-u", "postgres", "--"] + arguments : arguments
  }

  /// Runs `arguments` (through env, so PATH finds them) to completion; throws with its output
  /// when it fails. posix_spawn and waitpid, not Foundation's Process, whose wait for a child
  /// never ends when the child (pg_ctl) leaves a server running that inherited its descriptors.
  @discardableResult
  private static func run(_ arguments: [String], asPostgres: Bool = true) throws -> String {
    // From /: a postgres user cannot enter a working directory made by mktemp (0700), and
    // psql says so on stderr, which would end up in the output.
    let argv = ["/usr/bin/env", "-C", "/"] + (asPostgres ? Self.asPostgres(arguments) : arguments)
    let log = "/tmp/akpg-run-\(UUID().uuidString.prefix(8))"
    defer { unlink(log) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    var pid: pid_t = 0
    let cArguments = argv.map { strdup($0) } + [nil]
    defer { cArguments.forEach { free($0) } }
    let spawned = posix_spawn(&pid, argv[0], &actions, nil, cArguments, environ)
    guard spawned == 0 else {
      throw ServerError("cannot start \(arguments[0]): \(String(cString: strerror(spawned)))")
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0, errno == EINTR {}
    let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
    guard status == 0 else {
      throw ServerError("\(arguments.prefix(2).joined(separator: " ")) failed: \(text)")
    }
    return text
  }

  /// A cluster that could not be made, started or used.
  public struct ServerError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
  }
}
