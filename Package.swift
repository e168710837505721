// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
  .swiftLanguageMode(.v6),
  .enableUpcomingFeature("ExistentialAny"),
  .enableUpcomingFeature("InternalImportsByDefault"),
  .enableUpcomingFeature("MemberImportVisibility"),
]

let grpcCore = Target.Dependency.product(name: "GRPCCore", package: "grpc-swift-2")
let grpcTransport = Target.Dependency.product(
  name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport")
let grpcProtobuf = Target.Dependency.product(name: "GRPCProtobuf", package: "grpc-swift-protobuf")
let swiftProtobuf = Target.Dependency.product(name: "SwiftProtobuf", package: "swift-protobuf")
let logging = Target.Dependency.product(name: "Logging", package: "swift-log")
let lifecycle = Target.Dependency.product(
  name: "ServiceLifecycle", package: "swift-service-lifecycle")
let unixSignals = Target.Dependency.product(name: "UnixSignals", package: "swift-service-lifecycle")
let hummingbird = Target.Dependency.product(name: "Hummingbird", package: "hummingbird")
let argumentParser = Target.Dependency.product(
  name: "ArgumentParser", package: "swift-argument-parser")

let package = Package(
  name: "apikeyserv",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "apikeyserv", targets: ["apikeyserv"]),
    .executable(name: "apikeyctl", targets: ["apikeyctl"]),
    .executable(name: "apikey-http", targets: ["apikey-http"]),
    .library(name: "APIKeyCore", targets: ["APIKeyCore"]),
    .library(name: "APIKeyCrypto", targets: ["APIKeyCrypto"]),
    .library(name: "APIKeyRPC", targets: ["APIKeyRPC"]),
    .library(name: "APIKeyClient", targets: ["APIKeyClient"]),
    .library(name: "APIKeyClientGRPC", targets: ["APIKeyClientGRPC"]),
    .library(name: "APIKeyHummingbird", targets: ["APIKeyHummingbird"]),
    .executable(name: "protected-service", targets: ["protected-service"]),
  ],
  dependencies: [
    .package(url: "https://github.com/grpc/grpc-swift-2.git", from: "2.4.3"),
    .package(url: "https://github.com/grpc/grpc-swift-nio-transport.git", from: "2.9.2"),
    .package(url: "https://github.com/grpc/grpc-swift-protobuf.git", from: "2.4.1"),
    .package(url: "https://github.com/apple/swift-protobuf.git", from: "1.39.0"),
    .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
    .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
    .package(url: "https://github.com/apple/swift-http-types.git", from: "1.0.0"),
    .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
    .package(url: "https://github.com/apple/swift-nio-http2.git", from: "1.36.0"),
    .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.34.1"),
    .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
    .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
    .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
    .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
  ],
  targets: [
    .systemLibrary(
      name: "CSodium",
      pkgConfig: "libsodium",
      providers: [.apt(["libsodium-dev"])]
    ),
    .target(name: "CProcessControl"),
    .target(name: "APIKeyCrypto", dependencies: ["CSodium"], swiftSettings: swiftSettings),
    .target(name: "APIKeyCore", dependencies: ["APIKeyCrypto"], swiftSettings: swiftSettings),
    .target(
      name: "APIKeyStore",
      dependencies: ["APIKeyCore", .product(name: "GRDB", package: "GRDB.swift"), lifecycle],
      swiftSettings: swiftSettings
    ),
    .target(
      name: "APIKeyStorePostgres",
      dependencies: [
        "APIKeyStore", "APIKeyCore", lifecycle, logging,
        .product(name: "PostgresNIO", package: "postgres-nio"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOSSL", package: "swift-nio-ssl"),
      ],
      swiftSettings: swiftSettings
    ),
    .target(
      name: "APIKeyRPC",
      dependencies: ["APIKeyCore", grpcCore, grpcProtobuf, swiftProtobuf],
      swiftSettings: swiftSettings
    ),
    // The daemon, by concern (docs/development.md, "Modules"): the domain service (no gRPC),
    // mail, the Unix-socket server and its hardening, the gRPC adapters, the daemon's wiring,
    // and the operations commands.
    .target(
      name: "APIKeyService",
      dependencies: ["APIKeyCore", "APIKeyCrypto", "APIKeyStore", logging, lifecycle],
      swiftSettings: swiftSettings
    ),
    .target(
      name: "APIKeyMail",
      dependencies: ["APIKeyCore", .product(name: "Mustache", package: "swift-mustache")],
      swiftSettings: swiftSettings),
    .target(
      name: "APIKeyUnixServer",
      dependencies: [
        "CProcessControl", "APIKeyRPC", grpcCore, grpcTransport, logging, lifecycle,
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOHTTP2", package: "swift-nio-http2"),
        .product(name: "NIOHPACK", package: "swift-nio-http2"),
      ],
      swiftSettings: swiftSettings
    ),
    .target(
      name: "APIKeyGRPCServices",
      dependencies: [
        "APIKeyService", "APIKeyMail", "APIKeyUnixServer", "APIKeyCore", "APIKeyCrypto",
        "APIKeyStore", "APIKeyRPC", "APIKeyMetrics", grpcCore, swiftProtobuf, logging,
        .product(name: "Metrics", package: "swift-metrics"), lifecycle,
        .product(name: "NIOCore", package: "swift-nio"),
      ],
      swiftSettings: swiftSettings
    ),
    .target(
      name: "APIKeyServer",
      dependencies: [
        "APIKeyService", "APIKeyGRPCServices", "APIKeyUnixServer", "APIKeyCore", "APIKeyCrypto",
        "APIKeyStore", "APIKeyStorePostgres", "APIKeyRPC", "APIKeyMetrics", "APIKeyMail", grpcCore,
        logging,
        lifecycle, unixSignals,
      ],
      swiftSettings: swiftSettings
    ),
    .target(
      name: "APIKeyOperations",
      dependencies: [
        "APIKeyServer", "APIKeyUnixServer", "APIKeyCore", "APIKeyCrypto", "APIKeyStore",
        "APIKeyStorePostgres", "APIKeyMetrics", logging,
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
      ],
      swiftSettings: swiftSettings
    ),
    .target(
      name: "APIKeyControl",
      dependencies: [
        "APIKeyRPC", "APIKeyClientGRPC", "APIKeyCommandSupport", grpcCore, grpcTransport,
        swiftProtobuf, argumentParser,
      ],
      swiftSettings: swiftSettings
    ),
    .target(
      name: "APIKeyClient",
      dependencies: ["APIKeyCore", "APIKeyCrypto", logging, lifecycle],
      swiftSettings: swiftSettings
    ),
    .target(
      name: "APIKeyClientGRPC",
      dependencies: [
        "APIKeyClient", "APIKeyRPC", grpcCore, grpcTransport, logging,
        .product(name: "Metrics", package: "swift-metrics"), lifecycle,
        .product(name: "NIOCore", package: "swift-nio"),
      ],
      swiftSettings: swiftSettings
    ),
    .target(
      name: "APIKeyHummingbird",
      dependencies: [
        "APIKeyClient", "APIKeyCore", hummingbird, logging,
        .product(name: "HTTPTypes", package: "swift-http-types"),
        .product(name: "Metrics", package: "swift-metrics"),
      ],
      swiftSettings: swiftSettings
    ),
    .executableTarget(
      name: "protected-service",
      dependencies: [
        "APIKeyClient", "APIKeyClientGRPC", "APIKeyHummingbird", hummingbird, logging, lifecycle,
      ],
      path: "Examples/protected-service",
      swiftSettings: swiftSettings
    ),
    .target(
      name: "APIKeyHTTP",
      dependencies: [
        "APIKeyClientGRPC", "APIKeyRPC", "APIKeyCore", "APIKeyCrypto", "APIKeyMetrics", grpcCore,
        grpcTransport, hummingbird, logging, .product(name: "Metrics", package: "swift-metrics"),
        lifecycle, unixSignals, .product(name: "HummingbirdCore", package: "hummingbird"),
        .product(name: "Mustache", package: "swift-mustache"), swiftProtobuf,
        .product(name: "HTTPTypes", package: "swift-http-types"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
      ],
      swiftSettings: swiftSettings
    ),
    .target(
      name: "APIKeyConsole",
      dependencies: [
        "APIKeyControl", "APIKeyCommandSupport", "APIKeyRPC", "APIKeyCore", "APIKeyCrypto",
        grpcCore,
        grpcTransport,
        hummingbird, logging,
        swiftProtobuf, unixSignals, .product(name: "Mustache", package: "swift-mustache"),
        .product(name: "HTTPTypes", package: "swift-http-types"),
        .product(name: "NIOCore", package: "swift-nio"),
      ],
      swiftSettings: swiftSettings),
    .target(
      name: "APIKeyMetrics",
      dependencies: [
        hummingbird, logging, lifecycle, .product(name: "Metrics", package: "swift-metrics"),
        .product(name: "Prometheus", package: "swift-prometheus"),
      ],
      swiftSettings: swiftSettings
    ),
    .target(
      name: "APIKeyCommandSupport",
      dependencies: ["APIKeyCore", "APIKeyMetrics", argumentParser, logging],
      swiftSettings: swiftSettings
    ),
    .executableTarget(
      name: "apikey-http",
      dependencies: [
        "APIKeyHTTP", "APIKeyClientGRPC", "APIKeyCommandSupport", argumentParser, logging,
      ],
      swiftSettings: swiftSettings
    ),
    .executableTarget(
      name: "apikeyserv",
      dependencies: [
        "APIKeyServer", "APIKeyOperations", "APIKeyService", "APIKeyUnixServer",
        "APIKeyCommandSupport",
        "APIKeyMetrics", argumentParser, logging, lifecycle,
      ],
      swiftSettings: swiftSettings
    ),
    .executableTarget(
      name: "apikeyctl",
      dependencies: [
        "APIKeyControl", "APIKeyCommandSupport", "APIKeyConsole", "APIKeyRPC", "APIKeyCore",
        "APIKeyCrypto", argumentParser, swiftProtobuf, grpcCore, logging,
      ],
      swiftSettings: swiftSettings
    ),
    .executableTarget(
      name: "apikeyserv-bench",
      dependencies: [
        "APIKeyRPC", "APIKeyClient", "APIKeyCore", "APIKeyCrypto", grpcCore, grpcTransport,
        argumentParser, swiftProtobuf,
      ],
      swiftSettings: swiftSettings
    ),
    .target(
      name: "TestSupport",
      dependencies: ["APIKeyCore", lifecycle],
      path: "Tests/TestSupport",
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "APIKeyCryptoTests", dependencies: ["APIKeyCrypto", "TestSupport"],
      swiftSettings: swiftSettings),
    .testTarget(
      name: "APIKeyCoreTests", dependencies: ["APIKeyCore", "TestSupport"],
      swiftSettings: swiftSettings),
    .testTarget(
      name: "APIKeyStoreTests",
      dependencies: [
        "APIKeyStore", "APIKeyStorePostgres", "APIKeyService", "TestSupport",
        .product(name: "GRDB", package: "GRDB.swift"), lifecycle,
        logging,
      ],
      swiftSettings: swiftSettings),
    .testTarget(
      name: "APIKeyServerTests",
      dependencies: [
        "APIKeyServer", "APIKeyService", "APIKeyGRPCServices", "APIKeyUnixServer",
        "APIKeyOperations", "APIKeyMail", "APIKeyRPC", "APIKeyStore", "APIKeyStorePostgres",
        "APIKeyMetrics", "TestSupport", grpcCore, grpcTransport, logging,
        .product(name: "GRPCInProcessTransport", package: "grpc-swift-2"),
        .product(name: "NIOCore", package: "swift-nio"),
      ],
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "APIKeyClientTests",
      dependencies: [
        "APIKeyClient", "APIKeyCore", "APIKeyCrypto", hummingbird,
        .product(name: "HummingbirdTesting", package: "hummingbird"),
        .product(name: "HTTPTypes", package: "swift-http-types"),
      ],
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "APIKeyCommandSupportTests",
      dependencies: [
        "APIKeyCommandSupport", "APIKeyMetrics", "TestSupport", argumentParser, logging,
      ],
      swiftSettings: swiftSettings),
    .testTarget(
      name: "APIKeyControlTests",
      dependencies: ["APIKeyControl", "APIKeyCommandSupport", argumentParser],
      swiftSettings: swiftSettings),
    .testTarget(
      name: "APIKeyHummingbirdTests",
      dependencies: [
        "APIKeyHummingbird", "APIKeyClient", "APIKeyCore", "APIKeyCrypto", hummingbird,
        .product(name: "HummingbirdTesting", package: "hummingbird"),
        .product(name: "HTTPTypes", package: "swift-http-types"),
      ],
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "APIKeyConsoleTests",
      dependencies: [
        "APIKeyConsole", "APIKeyRPC", "TestSupport", grpcCore, hummingbird, swiftProtobuf,
        .product(name: "HTTPTypes", package: "swift-http-types"),
        .product(name: "HummingbirdCore", package: "hummingbird"),
        .product(name: "Mustache", package: "swift-mustache"),
      ],
      swiftSettings: swiftSettings),
    .testTarget(
      name: "APIKeyHTTPTests",
      dependencies: [
        "APIKeyHTTP", "APIKeyClientGRPC", "APIKeyCore", hummingbird,
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "HummingbirdTesting", package: "hummingbird"),
      ],
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "EndToEndTests",
      dependencies: ["APIKeyCore", "TestSupport"],
      exclude: ["python", "Fixtures"],
      swiftSettings: swiftSettings
    ),
  ]
)
