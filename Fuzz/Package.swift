// swift-tools-version:6.1
// libFuzzer targets for apikeyserv's parsers of untrusted input. Built by `make fuzz` with
// `swift build --sanitize=fuzzer --sanitize=address` (see the Makefile); each target is one
// executable whose libFuzzer entry point feeds the bytes to one parser.
import PackageDescription

let settings: [SwiftSetting] = [.swiftLanguageMode(.v6)]
let core = Target.Dependency.product(name: "APIKeyCore", package: "apikeyserv")
let crypto = Target.Dependency.product(name: "APIKeyCrypto", package: "apikeyserv")

let package = Package(
  name: "apikeyserv-fuzz",
  platforms: [.macOS(.v15)],
  dependencies: [.package(name: "apikeyserv", path: "..")],
  targets: [
    .executableTarget(name: "FuzzToken", dependencies: [core, crypto], swiftSettings: settings),
    .executableTarget(name: "FuzzBase64URL", dependencies: [core], swiftSettings: settings),
    .executableTarget(name: "FuzzPEM", dependencies: [crypto], swiftSettings: settings),
    .executableTarget(name: "FuzzDjangoDump", dependencies: [core], swiftSettings: settings),
  ]
)
