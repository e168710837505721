import APIKeyCore
import Foundation

/// Where and how to reach the PostgreSQL database of daemons that share one state: from a
/// `postgres://` or `postgresql://` URL (`postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE`
/// with `sslmode` and `sslrootcert` as libpq spells them), a password file, and a pool size.
public struct PostgresStoreConfiguration: Sendable, CustomStringConvertible {
  /// How the connection is protected.
  public enum TLSMode: String, Sendable, CaseIterable {
    /// Plain TCP (loopback or a trusted network only).
    case disable
    /// TLS when the server offers it, unverified.
    case prefer
    /// TLS, or no connection; the server's certificate is not verified.
    case require
    /// TLS with the server's certificate verified against `rootCertificate`, not its name.
    case verifyCA = "verify-ca"
    /// TLS with the certificate and the host name verified.
    case verifyFull = "verify-full"
  }

  public var host: String
  public var port: Int
  public var user: String
  /// Never printed, logged or stored.
  public var password: String?
  public var database: String
  public var tls: TLSMode
  /// PEM file of the certificate authorities to verify the server with (`sslrootcert`).
  public var rootCertificate: String?
  /// Connections in the pool.
  public var poolSize: Int
  /// How long a write waits for the database before it fails as unavailable.
  public var timeout: Duration = Self.defaultTimeout
  /// `timeout` unless the URL's `connect_timeout` says otherwise.
  public static let defaultTimeout: Duration = .seconds(3)

  /// True when `text` names a PostgreSQL database (anything else is a SQLite path).
  public static func isURL(_ text: String) -> Bool {
    text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
  }

  /// Parses `url`; the password comes from `passwordFile` when given (its first line), else from
  /// the URL. Throws `invalidArgument` naming what is wrong (never echoing the password).
  public init(url: String, passwordFile: String? = nil, poolSize: Int = 8) throws {
    guard Self.isURL(url), let components = URLComponents(string: url), let host = components.host,
      !host.isEmpty
    else {
      throw APIKeyError.invalidArgument(
        field: "database",
        reason: "is not a PostgreSQL URL of the form postgres://USER@HOST[:PORT]/DATABASE")
    }
    guard let user = components.user, !user.isEmpty else {
      throw APIKeyError.invalidArgument(
        field: "database", reason: "names no user (postgres://USER@HOST/DATABASE)")
    }
    let database = String(components.path.drop { $0 == "/" })
    guard !database.isEmpty, !database.contains("/") else {
      throw APIKeyError.invalidArgument(
        field: "database", reason: "names no database (postgres://USER@HOST/DATABASE)")
    }
    guard (1 ... 64).contains(poolSize) else {
      throw APIKeyError.invalidArgument(
        field: "database-pool-size", reason: "must be between 1 and 64")
    }
    self.host = host
    self.port = components.port ?? 5432
    self.user = user
    self.database = database
    self.poolSize = poolSize
    self.password = components.password
    var tls = TLSMode.prefer
    for item in components.queryItems ?? [] {
      switch item.name {
      case "sslmode":
        guard let mode = item.value.flatMap(TLSMode.init(rawValue:)) else {
          throw APIKeyError.invalidArgument(
            field: "database",
            reason:
              "sslmode must be one of \(TLSMode.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        tls = mode
      case "sslrootcert": rootCertificate = item.value
      case "connect_timeout":
        guard let seconds = item.value.flatMap(Int.init), (1 ... 60).contains(seconds) else {
          throw APIKeyError.invalidArgument(
            field: "database", reason: "connect_timeout must be 1 to 60 seconds")
        }
        timeout = .seconds(seconds)
      default:
        throw APIKeyError.invalidArgument(
          field: "database",
          reason:
            "has the unknown parameter \(item.name) (known: sslmode, sslrootcert, connect_timeout)")
      }
    }
    self.tls = tls
    if tls == .verifyCA || tls == .verifyFull, rootCertificate == nil {
      throw APIKeyError.invalidArgument(
        field: "database",
        reason: "sslmode=\(tls.rawValue) needs sslrootcert=PATH (the CA's certificate, PEM)")
    }
    if let passwordFile {
      var info = stat()
      if stat(passwordFile, &info) == 0, info.st_mode & 0o006 != 0 {
        let mode = String(info.st_mode & 0o7777, radix: 8)
        throw APIKeyError.invalidArgument(
          field: "database-password-file",
          reason:
            "\(passwordFile) can be \(info.st_mode & 0o002 != 0 ? "changed" : "read") by every local user (mode 0\(mode)): chmod 600 \(passwordFile) (or 640 with the daemon's group)"
        )
      }
      guard let data = FileManager.default.contents(atPath: passwordFile) else {
        throw APIKeyError.invalidArgument(
          field: "database-password-file", reason: "cannot read \(passwordFile)")
      }
      let text = String(decoding: data, as: UTF8.self)
      password = String(text.prefix { $0 != "\n" && $0 != "\r" })
    }
  }

  /// The URL without its password.
  public var description: String {
    var text = "postgres://\(user)@\(host):\(port)/\(database)?sslmode=\(tls.rawValue)"
    if let rootCertificate { text += "&sslrootcert=\(rootCertificate)" }
    return text
  }
}
