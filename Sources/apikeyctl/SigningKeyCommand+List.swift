import APIKeyControl
import APIKeyCore
import APIKeyRPC
import ArgumentParser
import SwiftProtobuf

extension SigningKeyCommand {
  /// `signing-key list`.
  struct List: SessionCommand {
    static let configuration = CommandConfiguration(
      abstract: "List signing keys with their state and the time of each step.",
      discussion: """
        States: pending (published, not yet signing), current (signs now), active (published, \
        older), retiring (no longer signs, published until its grace ends), retired.
        Columns: SIGNS_FROM is not_before; STOPPED_SIGNING is when it was retired; UNPUBLISHED is \
        when it left (or leaves) the published set.
        """)

    @OptionGroup var options: ControlOptions

    func run(_ session: ControlSession, output: Output) async throws {
      let response = try await session.admin.listSigningKeys(
        .init())
      if output.json { return try output.printJSON(response) }
      output.printTable(
        header: ["KID", "STATE", "CREATED", "SIGNS_FROM", "STOPPED_SIGNING", "UNPUBLISHED"],
        rows: response.keys.map { key in
          let unpublished =
            key.hasRetiredAt
            ? Output.time(key.retiredAt) : key.hasLeavesAt ? Output.time(key.leavesAt) : "-"
          return [
            key.kid, SigningKeyState.name(of: key.state), Output.time(key.createdAt),
            Output.time(key.notBefore), key.hasRetiringAt ? Output.time(key.retiringAt) : "-",
            unpublished,
          ]
        })
    }
  }
}
