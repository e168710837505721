import APIKeyCrypto
import Foundation
import Glibc
import Logging

/// The master key file: 32 random bytes, mode 0600, created on first run.
enum MasterKeyFile {
  /// Reads the key at `path`, creating it (exclusively, 0600, synced) when `path` does not exist.
  static func loadOrCreate(at path: String, logger: Logger) throws -> SealingKey {
    if FileManager.default.fileExists(atPath: path) {
      return try load(path, logger: logger)
    }
    let key = SealingKey()
    let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
    guard fd >= 0 else {
      throw DaemonError("cannot create master key file \(path): \(String(cString: strerror(errno)))")
    }
    defer { close(fd) }
    let bytes = key.rawRepresentation
    let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    guard written == bytes.count, fsync(fd) == 0 else {
      unlink(path)
      throw DaemonError("cannot write master key file \(path)")
    }
    logger.notice("Master key created; back it up apart from the database", metadata: ["path": "\(path)"])
    return key
  }

  static func load(_ path: String, logger: Logger) throws -> SealingKey {
    let mode = try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
    if let mode, mode & 0o077 != 0 {
      logger.warning("Master key file is readable by others; chmod 600 it", metadata: ["path": "\(path)"])
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw DaemonError("cannot read master key file \(path)")
    }
    do {
      return try SealingKey(rawRepresentation: Array(data))
    } catch {
      throw DaemonError("master key file \(path) must hold exactly \(SealingKey.byteCount) bytes")
    }
  }
}
