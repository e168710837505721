import APIKeyClient
import APIKeyClientGRPC
import APIKeyHummingbird
import Foundation
import Hummingbird
import Logging

/// An example service protected by API keys, configured as the original's test client:
/// `APIKEY_ENDPOINT` (an `http(s)://` JWKS URL, or `unix:/path/apikeyserv.sock`),
/// `APIKEY_MANDATORY` (0 or 1), `PORT` (default 8080), and for HTTP endpoints
/// `APIKEY_REFRESH_INTERVAL` (seconds between JWKS refetches, default 3600 as the original) and
/// `APIKEY_REVOCATION_INTERVAL` (seconds between checks of the revocation list, default 60) and
/// `APIKEY_MAX_STALENESS` (seconds without a successful refresh after which every key is refused
/// with 503; default 21600, 0 for no limit). With a `unix:` endpoint it reports usage (counts per
/// key id, never a token) and the key-set revision it holds to the daemon, as
/// `APIKEY_VERIFIER_NAME` (default `protected-service`) every `APIKEY_USAGE_INTERVAL` seconds
/// (default 60; 0 turns reporting off).
@main
struct ProtectedService {
  static func main() async throws {
    let environment = ProcessInfo.processInfo.environment
    let logger = Logger(label: "protected-service")
    guard let endpoint = environment["APIKEY_ENDPOINT"], !endpoint.isEmpty else {
      FileHandle.standardError.write(
        Data(
          "protected-service: set APIKEY_ENDPOINT (http(s)://…/signingkeys/ or unix:/path)\n".utf8))
      exit(2)
    }
    let provider: any KeySetProvider
    if endpoint.hasPrefix("unix:") {
      let socketPath = String(endpoint.dropFirst(5))
      let seconds = Double(environment["APIKEY_USAGE_INTERVAL"] ?? "") ?? 60
      let reporting =
        seconds > 0
        ? UsageReporting.socket(
          socketPath, every: .milliseconds(Int(max(seconds, 0.1) * 1000)),
          verifier: environment["APIKEY_VERIFIER_NAME"] ?? "protected-service") : nil
      provider = SocketKeySetProvider(
        socketPath: socketPath, usageReporting: reporting, logger: logger)
    } else if let url = URL(string: endpoint), url.scheme == "http" || url.scheme == "https" {
      let seconds = Double(environment["APIKEY_REFRESH_INTERVAL"] ?? "") ?? 3600
      let interval = Duration.milliseconds(Int(max(seconds, 0.1) * 1000))
      let revocationSeconds = Double(environment["APIKEY_REVOCATION_INTERVAL"] ?? "") ?? 60
      // Seconds; 0 turns the limit off. Default: HTTPKeySetProvider's (6 hours).
      let staleness =
        environment["APIKEY_MAX_STALENESS"].flatMap(Double.init).map { seconds in
          seconds > 0 ? Duration.milliseconds(Int(max(seconds, 0.1) * 1000)) : nil
        } ?? HTTPKeySetProvider.defaultMaximumStaleness
      provider = HTTPKeySetProvider(
        url: url, interval: interval,
        revocationInterval: .milliseconds(Int(max(revocationSeconds, 0.1) * 1000)),
        minimumRefreshInterval: min(interval, .seconds(10)), maximumStaleness: staleness,
        logger: logger)
    } else {
      FileHandle.standardError.write(
        Data("protected-service: APIKEY_ENDPOINT must be http(s):// or unix:\n".utf8))
      exit(2)
    }
    let router = Router(context: BasicAPIKeyRequestContext.self)
    router.add(
      middleware: APIKeyMiddleware(
        keySet: provider.keySet,
        options: .init(mandatory: environment["APIKEY_MANDATORY"] == "1", logsSubject: true)))
    router.get("/") { _, _ in
      #"{"data":"public data, for holders of an API key"}"#
    }
    router.get("/whoami") { _, context in
      "{\"subject\":\(context.apiKeySubject.map { "\"\($0)\"" } ?? "null")}"
    }
    let app = Application(
      router: router,
      configuration: .init(
        address: .hostname("127.0.0.1", port: Int(environment["PORT"] ?? "") ?? 8080),
        serverName: "protected-service"),
      services: [provider],
      logger: logger)
    try await app.runService()
  }
}
