import APIKeyCommandSupport
import Foundation
import Glibc
import TestSupport
import Testing

/// A configuration file chooses the master key, the database and the sendmail program: one that
/// someone else could have written is refused, and a broken line is named without its text.
@Suite("Configuration file: trust and messages")
struct ConfigurationFileTrustTests {
  let directory: TemporaryDirectory
  let path: String

  init() throws {
    directory = try TemporaryDirectory()
    chmod(directory.path, 0o755)
    path = "\(directory.path)/apikeyserv.conf"
    try "data-dir = /var/lib/apikeyserv\n".write(toFile: path, atomically: false, encoding: .utf8)
    chmod(path, 0o644)
  }

  func refusal() -> String? {
    do {
      _ = try ConfigurationFile(path: path)
      return nil
    } catch {
      return error.description
    }
  }

  @Test("A file of root or this user that others cannot write is read")
  func trusted() throws {
    #expect(refusal() == nil)
    #expect(try ConfigurationFile(path: path).entries.map(\.value) == ["/var/lib/apikeyserv"])
  }

  @Test("A file every user can write is refused, saying how to fix it")
  func worldWritable() throws {
    chmod(path, 0o666)
    let message = try #require(refusal())
    #expect(message.contains("can be written by every local user (mode 0666)"), "\(message)")
    #expect(message.contains("chmod o-w \(path)"), "\(message)")
  }

  @Test("A file in a directory every user can write is refused, even behind the sticky bit")
  func sharedDirectory() throws {
    chmod(directory.path, 0o1777)
    let message = try #require(refusal())
    #expect(message.contains("its directory \(directory.path)"), "\(message)")
  }

  @Test("A file that is a link into a directory every user can write is refused")
  func linkedIntoSharedDirectory() throws {
    let shared = try TemporaryDirectory()
    chmod(shared.path, 0o777)
    let target = "\(shared.path)/real.conf"
    try "data-dir = /x\n".write(toFile: target, atomically: false, encoding: .utf8)
    unlink(path)
    symlink(target, path)
    let message = try #require(refusal())
    #expect(message.contains(shared.path), "\(message)")
  }

  @Test("A malformed line is named by number, never echoed: it may hold the database password")
  func secretsNotEchoed() {
    for text in [
      "postgres://keys:s3cret-pw@db.example/keys", "postgres://keys:s3cret-pw@db/k?sslmode=require",
    ] {
      #expect {
        try ConfigurationFile(path: "f", text: "data-dir = /d\n\(text)")
      } throws: { error in
        let message = "\(error)"
        return message.hasPrefix("f:2:") && !message.contains("s3cret")
      }
    }
  }
}
