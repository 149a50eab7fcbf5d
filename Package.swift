// swift-tools-version:6.0
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
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
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/leaf.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/leaf-kit.git", from: "1.14.3"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        .executableTarget(
            name: "liaison",
            dependencies: ["LiaisonApp"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "LiaisonBench",
            dependencies: [
                "LiaisonData",
                "LiaisonCore",
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
            ],
            path: "Sources/LiaisonBench",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "LiaisonApp",
            dependencies: [
                "LiaisonData",
                "LiaisonCore",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Leaf", package: "leaf"),
                .product(name: "LeafKit", package: "leaf-kit"),
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
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "LiaisonCore",
            swiftSettings: swiftSettings
        ),
        // Declarations of the SQLite functions (SQLiteNIO's copy) that the dedicated write connection calls.
        .target(name: "CLiaisonSQLite"),
        .testTarget(
            name: "LiaisonCoreTests",
            dependencies: ["LiaisonCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LiaisonDataTests",
            dependencies: [
                "LiaisonData",
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LiaisonAppTests",
            dependencies: [
                "LiaisonApp",
                .product(name: "VaporTesting", package: "vapor"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
