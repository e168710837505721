import Foundation

/// A fresh directory under /tmp, removed when the value goes away.
final class TemporaryDirectory: @unchecked Sendable {
  let path: String

  init() throws {
    path = "/tmp/aks-\(UUID().uuidString.prefix(8))"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
  }

  deinit {
    try? FileManager.default.removeItem(atPath: path)
  }
}
