import APIKeyControl
import APIKeyRPC
import ArgumentParser
import Foundation
import GRPCCore
import SwiftProtobuf

extension KeysCommand {
  /// `keys resign ID` or `keys resign --signed-by KID [--output FILE]`.
  struct Resign: SessionCommand {
    static let configuration = CommandConfiguration(
      abstract: "Print fresh tokens, signed by the current signing key.",
      discussion: """
        With an id: one key's new token. With --signed-by KID: every API key whose still-valid \
        tokens are all signed by KID (the keys a retirement of KID would break), as JSON lines \
        {"id","email","token"} to send to their owners before KID goes. --output writes them to a \
        new file readable by you only.
        """)

    @OptionGroup var options: ControlOptions

    @Argument(help: "The key id.")
    var id: UInt64?

    @Option(
      help: ArgumentHelp("Re-sign every key that depends on this signing key.", valueName: "kid"))
    var signedBy: KidArgument?

    @Option(help: "With --signed-by: write the JSON lines to this new file (mode 0600).")
    var output: String?

    func validate() throws {
      guard (id == nil) != (signedBy == nil) else {
        throw ValidationError("give either a key id or --signed-by KID")
      }
      if output != nil && signedBy == nil { throw ValidationError("--output needs --signed-by") }
    }

    func run(_ session: ControlSession, output printer: Output) async throws {
      if let id {
        let response = try await session.admin.resignKey(.with { $0.id = id })
        if printer.json { return try printer.printJSON(response) }
        printer.note("Re-signed key \(response.key.id) with \(response.kid)")
        return print(response.token)
      }
      let file = try output.map { try PrivateFile.create($0, flag: "--output") }
      let kid = signedBy?.kid ?? ""
      let count: Int
      do {
        count = try await session.admin.resignKeys(.with { $0.signedBy = kid }) { response in
          var count = 0
          for try await message in response.messages {
            let line = Self.line(message)
            if let file { file.write(Data((line + "\n").utf8)) } else { print(line) }
            count += 1
          }
          return count
        }
      } catch {
        // Nothing arrived: an empty file would only make the retry refuse to overwrite it.
        // Tokens that did arrive stay in it (they were signed).
        if let output, (try? file?.offset()) == 0 { unlink(output) }
        throw error
      }
      try file?.close()
      printer.note(
        "Re-signed \(count) keys that depended on \(kid)"
          + (output.map { "; tokens in \($0)" } ?? ""))
    }

    /// One JSON line: the id (a string: 63-bit ids do not fit a JSON number everywhere), the
    /// owner's e-mail and the token.
    static func line(_ message: Apikeyserv_V1_ResignKeyResponse) -> String {
      let object: [String: String] = [
        "id": "\(message.key.id)", "email": message.key.email, "token": message.token,
      ]
      // '!' is fine: a dictionary of strings always serializes.
      let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
      return String(decoding: data, as: UTF8.self)
    }
  }
}
