package import APIKeyCrypto
import APIKeyUnixServer
import Foundation
import Glibc
package import Logging

/// The master key file: 32 random bytes, mode 0600, created on first run.
package enum MasterKeyFile {
  /// Reads the key at `path`, creating it (exclusively, 0600, synced) when `path` does not exist.
  static func loadOrCreate(at path: String, logger: Logger) throws -> SealingKey {
    if FileStatus.of(path: path) != nil {
      return try load(path, logger: logger)
    }
    let key = SealingKey()
    let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
    guard fd >= 0 else {
      throw DaemonError(
        "cannot create master key file \(path): \(String(cString: strerror(errno)))")
    }
    defer { close(fd) }
    var bytes = key.rawRepresentation
    defer {
      bytes.withUnsafeMutableBytes { buffer in
        _ = buffer.initializeMemory(as: UInt8.self, repeating: 0)
      }
    }
    let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    guard written == bytes.count, fsync(fd) == 0 else {
      unlink(path)
      throw DaemonError("cannot write master key file \(path)")
    }
    logger.notice(
      "Master key created; back it up apart from the database", metadata: ["path": "\(path)"])
    return key
  }

  /// Reads the key at `path`: a regular file (not a symbolic link), the daemon user's own, that
  /// nobody else may read or write; anything else is refused with the chmod/chown that fixes it.
  package static func load(_ path: String, logger: Logger) throws -> SealingKey {
    let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
    guard fd >= 0 else {
      if errno == ELOOP {
        throw DaemonError(
          "master key file \(path) is a symbolic link; refusing to use it (give the real path)")
      }
      throw DaemonError("cannot read master key file \(path): \(String(cString: strerror(errno)))")
    }
    defer { close(fd) }
    guard let info = FileStatus.of(descriptor: fd) else {
      throw DaemonError("cannot read master key file \(path): \(String(cString: strerror(errno)))")
    }
    try FileTrust.check(
      path, info, kind: "master key file", type: S_IFREG, forbidden: 0o077, fix: "600")
    var bytes = [UInt8](repeating: 0, count: SealingKey.byteCount + 1)
    let count = read(fd, &bytes, bytes.count)
    defer {
      bytes.withUnsafeMutableBytes { buffer in
        _ = buffer.initializeMemory(as: UInt8.self, repeating: 0)
      }
    }
    guard count == SealingKey.byteCount else {
      throw DaemonError("master key file \(path) must hold exactly \(SealingKey.byteCount) bytes")
    }
    return try SealingKey(rawRepresentation: bytes.prefix(SealingKey.byteCount))  // no extra copy
  }
}
