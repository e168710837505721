import Foundation
import Glibc
import Testing

extension Harness {
  /// A copy of the built program `name` in a new directory of mode 0755 under /tmp, which
  /// another user (nobody) can run (the build directory may not be reachable for them); remove
  /// the directory (the first element) when done.
  static func copyForOtherUsers(_ name: String) throws -> (directory: String, executable: String) {
    let directory = "/tmp/aks-bin-\(UUID().uuidString.prefix(8))"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
    chmod(directory, 0o755)
    try FileManager.default.copyItem(
      atPath: "\(binDirectory)/\(name)", toPath: "\(directory)/\(name)")
    return (directory, "\(directory)/\(name)")
  }

  /// Requires headless Chromium and its driver (make test installs them).
  static func requireBrowser() throws {
    for program in ["chromium", "chromedriver"] {
      try #require(
        ["/usr/bin/\(program)", "/usr/local/bin/\(program)"].contains {
          FileManager.default.isExecutableFile(atPath: $0)
        }, "needs \(program) (make test installs it)")
    }
  }
}
