import Foundation
import Hummingbird

/// Small JSON bodies for status and error answers.
enum JSONResponse {
  /// A response with `object` as JSON and no-store caching.
  static func make(
    _ status: HTTPResponse.Status, _ object: [String: any Sendable], headers: HTTPFields = [:]
  ) -> Response {
    var headers = headers
    headers[.contentType] = "application/json"
    headers[.cacheControl] = "no-store"
    let data =
      (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
      ?? Data("{}".utf8)
    return Response(
      status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
  }

  /// `{"message": …}` with `status`.
  static func message(
    _ status: HTTPResponse.Status, _ message: String, headers: HTTPFields = [:]
  ) -> Response {
    make(status, ["message": message], headers: headers)
  }
}
