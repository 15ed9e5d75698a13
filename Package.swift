// swift-tools-version:6.1
import PackageDescription

// Module layout follows the data flow (see DEVELOPERS.md):
//   Core  ←  Config, Store  ←  Import, Engine, Alerts, Devices  ←  Modbus  ←  Collector  ←  Server  ←  CLI
// Lower layers never import higher ones; only the stores (MeterwatchStore: SQLite, MeterwatchPostgres) write SQL.
let package = Package(
    name: "Meterwatch",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "meterwatch", targets: ["MeterwatchCLI"]),
        .executable(name: "meterwatch-bench", targets: ["MeterwatchBench"]),
        .executable(name: "meterwatch-fuzz", targets: ["MeterwatchFuzz"]),
        .executable(name: "meterwatch-soak", targets: ["MeterwatchSoak"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // 4.x: what jwt-kit needs; our own use (SHA-256, HMAC) reads the same on 3.x.
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"6.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.7.1"),
    ],
    targets: [
        // Core types, units, quantities, calendar math in the site's time zone, exact summation.
        .target(name: "MeterwatchCore", plugins: ["EmbedResources"]),
        // Site configuration (meterwatch.yaml) with errors that name file, line and key.
        .target(
            name: "MeterwatchConfig",
            dependencies: [
                "MeterwatchCore", .product(name: "Yams", package: "Yams"),
            ]),
        // The time-series store on SQLite; with MeterwatchPostgres, the only modules that write SQL.
        .target(
            name: "MeterwatchStore",
            dependencies: [
                "MeterwatchCore", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]),
        // The central store on PostgreSQL (postgres-nio): the engine's reads, whole-series loads with
        // rollups from the same math, monthly partitions, keys led by the building.
        .target(
            name: "MeterwatchPostgres",
            dependencies: [
                "MeterwatchCore", "MeterwatchStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]),
        // Outbound HTTPS (the forwarder, webhooks, the sign-in provider): a city CA trusted, a client
        // certificate, redirects followed within one origin only.
        .target(
            name: "MeterwatchOutbound",
            dependencies: [
                "MeterwatchCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]),
        // CSV imports (readings, bills, fuel logs): parsing, encodings, validation.
        .target(
            name: "MeterwatchImport",
            dependencies: [
                "MeterwatchCore", "MeterwatchConfig", "MeterwatchStore",
            ]),
        // Periods, comparisons, KPIs, report figures.
        .target(
            name: "MeterwatchEngine",
            dependencies: [
                "MeterwatchCore", "MeterwatchConfig", "MeterwatchStore", "MeterwatchTariffs",
            ]),
        // Tariffs as data (Tariffs/*.yaml, built in and overridable), bills, the over-contract rule and
        // the contract optimiser: pure Swift, no I/O but reading tariff files.
        .target(name: "MeterwatchTariffs", dependencies: ["MeterwatchCore", "MeterwatchConfig"], plugins: ["EmbedResources"]),
        // libmodbus 3.1.x through pkg-config; only what the shim header exposes.
        .systemLibrary(
            name: "CModbus", path: "Sources/CModbus", pkgConfig: "libmodbus",
            providers: [.apt(["libmodbus-dev"])]),
        // Device profiles (Devices/*.yaml), register decoding and request planning: pure Swift, no I/O.
        .target(name: "MeterwatchDevices", dependencies: ["MeterwatchCore", "MeterwatchConfig"], plugins: ["EmbedResources"]),
        // Modbus client (read-only: function codes 1–4), device sessions and the simulator (libmodbus).
        .target(name: "MeterwatchModbus", dependencies: ["CModbus", "MeterwatchCore", "MeterwatchConfig", "MeterwatchDevices"]),
        // Polls every configured device on per-link threads and writes samples to the store.
        .target(
            name: "MeterwatchCollector",
            dependencies: [
                "MeterwatchCore", "MeterwatchConfig", "MeterwatchDevices", "MeterwatchModbus", "MeterwatchStore",
                .product(name: "Logging", package: "swift-log"),
            ]),
        // Alert rules on stored data, their lifecycle (pending → firing → resolved), replays and webhooks.
        .target(
            name: "MeterwatchAlerts",
            dependencies: [
                "MeterwatchCore", "MeterwatchConfig", "MeterwatchStore", "MeterwatchTariffs", "MeterwatchOutbound",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        // Edge to central: a building's box sends its logged writes to a central Meterwatch over HTTP.
        .target(
            name: "MeterwatchForward",
            dependencies: [
                "MeterwatchCore", "MeterwatchConfig", "MeterwatchStore", "MeterwatchOutbound",
                .product(name: "Logging", package: "swift-log"),
            ]),
        // Generates Swift sources holding the shipped Dashboards/ and Devices/ files (EmbedResources plugin).
        .executableTarget(name: "EmbedResourcesTool"),
        .plugin(name: "EmbedResources", capability: .buildTool(), dependencies: ["EmbedResourcesTool"]),
        // The HTTP API (/api/v1, OpenAPI 3.1), /metrics, health checks, web dashboards and printable reports.
        .target(
            name: "MeterwatchServer",
            dependencies: [
                "MeterwatchCore", "MeterwatchConfig", "MeterwatchStore", "MeterwatchImport", "MeterwatchEngine",
                "MeterwatchAlerts", "MeterwatchCollector", "MeterwatchForward", "MeterwatchPostgres", "MeterwatchOutbound",
                "MeterwatchTariffs",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
            ], plugins: ["EmbedResources"]),
        // The embedded city hall: model, backfill and live device behaviours for `meterwatch demo`.
        .target(
            name: "MeterwatchDemo",
            dependencies: [
                "MeterwatchCore", "MeterwatchConfig", "MeterwatchStore", "MeterwatchImport", "MeterwatchDevices", "MeterwatchModbus",
            ]),
        .executableTarget(
            name: "MeterwatchCLI",
            dependencies: [
                "MeterwatchCore", "MeterwatchConfig", "MeterwatchStore", "MeterwatchImport", "MeterwatchEngine",
                "MeterwatchDevices", "MeterwatchModbus", "MeterwatchCollector", "MeterwatchAlerts", "MeterwatchServer", "MeterwatchDemo",
                "MeterwatchForward", "MeterwatchPostgres", "MeterwatchTariffs",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        // `make bench`: figures against baselines run side by side; never a unit test.
        .executableTarget(
            name: "MeterwatchBench",
            dependencies: [
                "MeterwatchCore", "MeterwatchStore", "MeterwatchEngine", "MeterwatchConfig", "MeterwatchAlerts",
                "MeterwatchDevices", "MeterwatchModbus", "MeterwatchCollector", "MeterwatchDemo", "MeterwatchForward",
                "MeterwatchPostgres", "MeterwatchTestPostgres", "MeterwatchTariffs",
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        // The entrances `make fuzz` feeds with arbitrary bytes (libFuzzer), and its driver.
        .target(
            name: "MeterwatchFuzzTargets",
            dependencies: [
                "MeterwatchCore", "MeterwatchConfig", "MeterwatchStore", "MeterwatchImport", "MeterwatchDevices", "MeterwatchEngine",
                "MeterwatchServer",
            ]),
        .executableTarget(name: "MeterwatchFuzz", dependencies: ["MeterwatchFuzzTargets"]),
        // `make soak`: serve under faults (kills, locks, dead devices, a receiver down), then an account.
        .executableTarget(
            name: "MeterwatchSoak",
            dependencies: [
                "MeterwatchCore", "MeterwatchConfig", "MeterwatchDevices", "MeterwatchModbus", "MeterwatchStore", "MeterwatchDemo",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]),
        .testTarget(name: "MeterwatchFuzzTests", dependencies: ["MeterwatchFuzzTargets"]),
        .testTarget(name: "MeterwatchCoreTests", dependencies: ["MeterwatchCore", "MeterwatchTestSupport"]),
        .testTarget(name: "MeterwatchConfigTests", dependencies: ["MeterwatchConfig", "MeterwatchTestSupport"]),
        .testTarget(
            name: "MeterwatchTariffsTests",
            dependencies: ["MeterwatchTariffs", "MeterwatchConfig", "MeterwatchCore", "MeterwatchTestSupport"]),
        .testTarget(
            name: "MeterwatchStoreTests",
            dependencies: [
                "MeterwatchStore", "MeterwatchCore", "MeterwatchTestSupport", .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        .testTarget(
            name: "MeterwatchForwardTests",
            dependencies: ["MeterwatchForward", "MeterwatchStore", "MeterwatchConfig", "MeterwatchCore", "MeterwatchTestSupport"]),
        .testTarget(name: "MeterwatchImportTests", dependencies: ["MeterwatchImport", "MeterwatchStore", "MeterwatchConfig"]),
        // Fixtures are read from the source tree (#filePath), not bundled.
        .testTarget(
            name: "MeterwatchEngineTests",
            dependencies: [
                "MeterwatchEngine", "MeterwatchImport", "MeterwatchStore", "MeterwatchConfig", "MeterwatchPostgres",
                "MeterwatchTestPostgres", "MeterwatchTestSupport",
            ],
            exclude: ["Fixtures"]),
        .testTarget(name: "MeterwatchDevicesTests", dependencies: ["MeterwatchDevices", "MeterwatchConfig", "MeterwatchCore"]),
        .testTarget(
            name: "MeterwatchModbusTests",
            dependencies: [
                "MeterwatchModbus", "MeterwatchDevices", "MeterwatchConfig", "MeterwatchCollector", "MeterwatchStore", "MeterwatchCore",
            ]),
        .testTarget(
            name: "MeterwatchAlertsTests",
            dependencies: [
                "MeterwatchAlerts", "MeterwatchConfig", "MeterwatchStore", "MeterwatchCore", "MeterwatchModbus", "MeterwatchTestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        .testTarget(
            name: "MeterwatchServerTests",
            dependencies: [
                "MeterwatchServer", "MeterwatchStore", "MeterwatchConfig", "MeterwatchCore", "MeterwatchImport", "MeterwatchEngine",
                "MeterwatchPostgres", "MeterwatchTestPostgres", "MeterwatchTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"), .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOEmbedded", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
            ]),
        .testTarget(
            name: "MeterwatchCLITests",
            dependencies: [
                "MeterwatchCore", "MeterwatchModbus", "MeterwatchStore", "MeterwatchTestPostgres", "MeterwatchTestSupport",
                "MeterwatchOutbound",
            ],
            exclude: ["Fixtures"]),
        // What tests share: temporary folders, generated readings, a throwaway CA.
        .target(name: "MeterwatchTestSupport", dependencies: ["MeterwatchCore"], path: "Tests/MeterwatchTestSupport"),
        // Tests' own PostgreSQL server: a throwaway cluster (initdb, pg_ctl) on a free loopback port.
        .target(
            name: "MeterwatchTestPostgres", dependencies: ["MeterwatchPostgres", "MeterwatchTestSupport"],
            path: "Tests/MeterwatchTestPostgres"),
    ],
    swiftLanguageModes: [.v6]
)
