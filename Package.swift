// swift-tools-version:6.0
import PackageDescription

// Every target names every module it imports, and a member of a module is visible only in files that import that
// module (`MemberImportVisibility`). The build scripts pass `--explicit-target-dependency-import-check error`, so an
// import that the target does not declare fails the build. Arrows point down only:
// liaison → LiaisonApp → LiaisonData → LiaisonCore. LiaisonData depends on the kit-level database products
// (FluentKit, SQLKit, SQLiteNIO, PostgresNIO) and NIO, never on Vapor or on the `Fluent` product that pulls it in.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "liaison",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "liaison", targets: ["liaison"]),
        .executable(name: "liaison-bench", targets: ["LiaisonBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-kit.git", from: "1.57.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.2"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/vapor/leaf.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/leaf-kit.git", from: "1.14.3"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/pointfreeco/swift-snapshot-testing.git", from: "1.19.7"),
    ],
    targets: [
        .executableTarget(
            name: "liaison",
            dependencies: [
                "LiaisonApp",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "LiaisonBench",
            dependencies: [
                "LiaisonData",
                "LiaisonCore",
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/LiaisonBench",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "LiaisonApp",
            dependencies: [
                "LiaisonData",
                "LiaisonCore",
                "LiaisonMail",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Leaf", package: "leaf"),
                .product(name: "LeafKit", package: "leaf-kit"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            resources: [.copy("Resources")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "LiaisonData",
            dependencies: [
                "LiaisonCore",
                "CLiaisonSQLite",
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "FluentSQL", package: "fluent-kit"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "LiaisonCore",
            swiftSettings: swiftSettings
        ),
        // Mail on the wire: MIME parsing and building (and, over SwiftNIO, the SMTP and IMAP clients). Depends on
        // no other target of ours (at most LiaisonCore), so that it is read and tested apart from the server.
        .target(
            name: "LiaisonMail",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings
        ),
        // Declarations of the SQLite functions (SQLiteNIO's copy) that the dedicated write connection calls.
        .target(name: "CLiaisonSQLite"),
        .testTarget(
            name: "LiaisonCoreTests",
            dependencies: ["LiaisonCore"],
            // The message-check corpus, read from the source tree.
            exclude: ["MessageChecks/Corpus"],
            swiftSettings: swiftSettings
        ),
        // The real mail servers the tests start on 127.0.0.1 (aiosmtpd, Dovecot), shared by the mail and app tests.
        .target(
            name: "MailTestServers",
            path: "Tests/MailTestServers",
            // The Python server it starts, read from the source tree.
            exclude: ["Servers"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LiaisonMailTests",
            dependencies: [
                "LiaisonMail",
                "MailTestServers",
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LiaisonDataTests",
            dependencies: [
                "LiaisonData",
                "LiaisonCore",
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LiaisonAppTests",
            dependencies: [
                "LiaisonApp",
                "LiaisonData",
                "LiaisonCore",
                "LiaisonMail",
                "MailTestServers",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "VaporTesting", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SnapshotTesting", package: "swift-snapshot-testing"),
            ],
            // The snapshots the page and API snapshot tests compare with, read from the source tree.
            exclude: ["__Snapshots__"],
            swiftSettings: swiftSettings
        ),
    ]
)
