public import Foundation

/// Input named on the command line as a file, or `-` for standard input (which keeps secrets
/// out of `ps` and the shell history).
public enum InputFile {
  /// The contents of `path` (or standard input for `-`), refused when larger than `limit` bytes.
  public static func read(_ path: String, limit: Int = .max) throws -> Data {
    let name = path == "-" ? "standard input" : path
    let data =
      path == "-"
      ? FileHandle.standardInput.readDataToEndOfFile() : FileManager.default.contents(atPath: path)
    guard let data else { throw ControlFailure("cannot read \(name)") }
    guard data.count <= limit else { throw ControlFailure("\(name) is larger than \(limit) bytes") }
    return data
  }
}
