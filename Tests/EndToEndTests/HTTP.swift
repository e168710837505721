import Foundation

/// HTTP through curl: a real, independent client.
enum HTTP {
  struct Response {
    var status: Int
    var headers: [String: String]
    var body: String

    func json() throws -> [String: Any] {
      (try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]) ?? [:]
    }
  }

  /// GET (or `method`, with `body`) `url` with `headers`; the response with lower-cased header
  /// names.
  static func get(
    _ url: String, method: String = "GET", headers: [String: String] = [:], body: String? = nil
  ) throws -> Response {
    var arguments = ["-s", "-i", "--max-time", "10", "-X", method]
    if let body { arguments += ["--data-binary", body] }
    if method == "HEAD" { arguments = ["-s", "-I", "--max-time", "10"] }
    for (name, value) in headers { arguments += ["-H", "\(name): \(value)"] }
    let output = try Harness.run("/usr/bin/curl", arguments + [url])
    guard output.status == 0 else { throw DaemonFailure("curl \(url): \(output)") }
    let parts = output.stdout.components(separatedBy: "\r\n\r\n")
    let head = parts[0].components(separatedBy: "\r\n")
    let status = Int(head[0].split(separator: " ")[1]) ?? 0
    var fields: [String: String] = [:]
    for line in head.dropFirst() {
      guard let colon = line.firstIndex(of: ":") else { continue }
      fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
        in: .whitespaces)
    }
    return Response(
      status: status, headers: fields, body: parts.dropFirst().joined(separator: "\r\n\r\n"))
  }
}
