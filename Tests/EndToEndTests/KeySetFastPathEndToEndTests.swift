import Foundation
import Glibc
import Testing

extension EndToEnd {
  /// The bridge answers the key set documents on the event loop (`KeySetFastPath`): the same
  /// bytes as the router, counted alike, and in order with everything else on a connection.
  @Suite("Key set fast path", .serialized)
  struct KeySetFastPathEndToEndTests {
    @Test(
      "Every key set request gets the same status, headers and body on the event loop as through the router"
    )
    func sameAnswers() throws {
      let daemon = try DaemonProcess()
      defer { daemon.stopAndRemoveFiles() }
      let fast = try BridgeProcess(socket: daemon.publicSocket)
      defer { fast.stop() }
      let routed = try BridgeProcess(
        socket: daemon.publicSocket, extraArguments: ["--key-sets-through-router"])
      defer { routed.stop() }
      try fast.waitUntilServing()
      try routed.waitUntilServing()
      let etag = try #require(try HTTP.get("\(fast.baseURL)/signingkeys/").headers["etag"])
      let variants: [(String, [String: String])] = [
        ("GET", [:]), ("HEAD", [:]), ("GET", ["If-None-Match": etag]),
        ("GET", ["If-None-Match": "\"0\", W/\(etag)"]), ("GET", ["If-None-Match": "\"0\""]),
        ("GET", ["Accept": "application/jwk-set+json"]),
      ]
      for path in [
        "/signingkeys/", "/signingkeys", "/.well-known/jwks.json", "/revoked", "/signingkeys/?x=1",
      ] {
        for (method, headers) in variants {
          var a = try HTTP.get("\(fast.baseURL)\(path)", method: method, headers: headers)
          var b = try HTTP.get("\(routed.baseURL)\(path)", method: method, headers: headers)
          // The time may differ by the second between the two requests; its form may not.
          for date in [
            a.headers.removeValue(forKey: "date"), b.headers.removeValue(forKey: "date"),
          ] {
            #expect(date.map { Self.isHTTPDate($0) } == true, "\(String(describing: date))")
          }
          #expect(a.status == b.status, "\(method) \(path) \(headers)")
          #expect(a.headers == b.headers, "\(method) \(path) \(headers)")
          #expect(a.body == b.body, "\(method) \(path) \(headers)")
        }
      }
      #expect(try HTTP.get("\(fast.baseURL)/signingkeys/").body.contains("\"keys\""))
      #expect(
        try HTTP.get("\(fast.baseURL)/signingkeys/", headers: ["If-None-Match": etag]).status == 304
      )
      let metrics = try HTTP.get("\(fast.baseURL)/metrics").body
      #expect(metrics.contains(#"apikey_http_requests_total{route="/signingkeys/",status="200"}"#))
      #expect(metrics.contains(#"apikey_http_requests_total{route="/signingkeys/",status="304"}"#))
    }

    @Test(
      "Pipelined requests are answered in the order sent, key set requests among router requests")
    func pipelinedInOrder() throws {
      let daemon = try DaemonProcess()
      defer { daemon.stopAndRemoveFiles() }
      let bridge = try BridgeProcess(socket: daemon.publicSocket)
      defer { bridge.stop() }
      try bridge.waitUntilServing()
      let requests = [
        "GET /signingkeys/", "GET /nope", "GET /signingkeys/", "POST /signingkeys/",
        "GET /revoked", "GET /healthz", "GET /signingkeys/",
      ]
      var wire = ""
      for (index, request) in requests.enumerated() {
        let last = index == requests.count - 1
        wire += "\(request) HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n"
        wire += last ? "Connection: close\r\n\r\n" : "\r\n"
      }
      let answer = try Self.exchange(port: bridge.port, send: wire)
      // A response follows the previous body directly: find each status line wherever it starts.
      // (No body here contains "HTTP/1.1 ".)
      let statuses = answer.components(separatedBy: "HTTP/1.1 ").dropFirst().map {
        String($0.prefix(3))
      }
      #expect(statuses == ["200", "404", "200", "405", "200", "200", "200"])
    }

    /// An IMF-fixdate within a minute of now, as Foundation formats it.
    static func isHTTPDate(_ text: String) -> Bool {
      let formatter = DateFormatter()
      formatter.locale = Locale(identifier: "en_US_POSIX")
      formatter.timeZone = TimeZone(identifier: "GMT")
      formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
      guard let date = formatter.date(from: text) else { return false }
      return formatter.string(from: date) == text && abs(date.timeIntervalSinceNow) < 60
    }

    /// Sends `text` on one TCP connection to the bridge and reads until it closes (10 s at most).
    static func exchange(port: Int, send text: String) throws -> String {
      let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
      defer { close(fd) }
      var timeout = timeval(tv_sec: 10, tv_usec: 0)
      setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
      var address = sockaddr_in()
      address.sin_family = sa_family_t(AF_INET)
      address.sin_addr.s_addr = inet_addr("127.0.0.1")
      address.sin_port = UInt16(port).bigEndian
      let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
          connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
      }
      guard connected == 0 else { throw DaemonFailure("connect to \(port) failed") }
      let bytes = Array(text.utf8)
      guard Glibc.send(fd, bytes, bytes.count, 0) == bytes.count else {
        throw DaemonFailure("short send")
      }
      var received: [UInt8] = []
      var buffer = [UInt8](repeating: 0, count: 65536)
      while true {
        let count = recv(fd, &buffer, buffer.count, 0)
        if count <= 0 { break }
        received += buffer[..<count]
      }
      return String(decoding: received, as: UTF8.self)
    }
  }
}
