import Foundation
import Testing

extension EndToEnd {
  /// The Swift library as another package uses it: the README's `.package` and `.product` lines
  /// in a consumer's manifest, beside its own Hummingbird and swift-log requirements.
  @Suite("Consumer package end to end")
  struct ConsumerPackageEndToEndTests {
    static let swift = "/usr/bin/env"

    /// The README's Swift block for a service's Package.swift: its `.package` and `.product` lines.
    static func readmeLines() throws -> (package: String, products: [String]) {
      let readme = try String(contentsOfFile: "\(Harness.packageRoot)/README.md", encoding: .utf8)
      let lines = readme.split(separator: "\n").map {
        $0.split(separator: "//").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
      }
      let package = try #require(lines.first { $0.hasPrefix(".package(path: \"../apikeyserv\")") })
      let products = lines.filter {
        $0.hasPrefix(".product(") && $0.contains("package: \"apikeyserv\"")
      }
      return (package, products)
    }

    @Test(
      "The README's lines resolve in a consumer that has its own Hummingbird and swift-log ranges, and name real products"
    )
    func readmeLinesResolve() throws {
      let (package, products) = try Self.readmeLines()
      #expect(products.count >= 2, "\(products)")
      let directory = "/tmp/aks-consumer-\(UUID().uuidString.prefix(8))"
      try FileManager.default.createDirectory(
        atPath: "\(directory)/service/Sources/Service", withIntermediateDirectories: true)
      defer { try? FileManager.default.removeItem(atPath: directory) }
      // The checkout beside the service, under the name the README's path uses.
      try FileManager.default.createSymbolicLink(
        atPath: "\(directory)/apikeyserv", withDestinationPath: Harness.packageRoot)
      try """
      // swift-tools-version:6.1
      import PackageDescription

      let package = Package(
        name: "service",
        platforms: [.macOS(.v15)],
        dependencies: [
          \(package)
          .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.0.0"),
          .package(url: "https://github.com/apple/swift-log.git", from: "1.5.0"),
        ],
        targets: [
          .executableTarget(
            name: "Service",
            dependencies: [
              \(products.joined(separator: "\n        "))
              .product(name: "Hummingbird", package: "hummingbird"),
            ])
        ]
      )
      """.write(toFile: "\(directory)/service/Package.swift", atomically: true, encoding: .utf8)
      try "import APIKeyClient\nprint(KeySet.self)\n".write(
        toFile: "\(directory)/service/Sources/Service/main.swift", atomically: true,
        encoding: .utf8)
      let scratch = ["--package-path", "\(directory)/service", "--scratch-path", "\(directory)/b"]
      // SwiftPM leaves its lock files in TMPDIR: in the directory removed after the test.
      let environment = ["TMPDIR": directory]
      let resolved = try Harness.run(
        Self.swift, ["swift", "package"] + scratch + ["resolve"], environment: environment)
      #expect(resolved.status == 0, "\(resolved)")
      // Checks each product the target names exists in its package.
      let shown = try Harness.run(
        Self.swift, ["swift", "package"] + scratch + ["show-dependencies"],
        environment: environment)
      #expect(shown.status == 0, "\(shown)")
      #expect(shown.stdout.contains("apikeyserv") && shown.stdout.contains("hummingbird"))
    }

    @Test("The package pins no dependency exactly: a consumer's own versions can meet its ranges")
    func noExactPins() throws {
      // A scratch path of its own: the running tests hold the lock of .build.
      let scratch = "/tmp/aks-dump-\(UUID().uuidString.prefix(8))"
      try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: false)
      defer { try? FileManager.default.removeItem(atPath: scratch) }
      let dump = try Harness.run(
        Self.swift,
        [
          "swift", "package", "--package-path", Harness.packageRoot, "--scratch-path", scratch,
          "dump-package",
        ], environment: ["TMPDIR": scratch])
      #expect(dump.status == 0, "\(dump)")
      let manifest = try dump.json()
      let dependencies = try #require(manifest["dependencies"] as? [[String: Any]])
      #expect(dependencies.count > 5)
      for dependency in dependencies {
        let source = ((dependency["sourceControl"] as? [[String: Any]])?.first) ?? [:]
        let requirement = source["requirement"] as? [String: Any] ?? [:]
        let location = "\(source["location"] ?? dependency)"
        #expect(requirement["exact"] == nil, "\(location) is pinned exactly")
        #expect(requirement["range"] != nil, "\(location): \(requirement)")
      }
    }
  }
}
