import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import NIOConcurrencyHelpers
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp

/// A configured application on a fresh database: in-memory SQLite by default, or its own PostgreSQL schema when
/// `LIAISON_TEST_DATABASE_URL` is set (so the same tests run on both engines, in parallel, without interfering).
struct TestApp {
    let app: Application
    let clock: TestClock

    static let start = Date(timeIntervalSince1970: 1_790_000_000)  // 2026-09-21T13:33:20Z

    static var postgresURL: String? {
        ProcessInfo.processInfo.environment["LIAISON_TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    var db: any Database { app.db }
    var tester: any TestingApplicationTester { get throws { try app.testing() } }
}

/// Runs `body` against a new application and tears it down afterwards, whatever happens.
///
/// `logger` replaces the application's (tests of what is logged pass one that writes where they can read it).
func withTestApp<T>(
    _ settings: [String: String] = [:], logger: Logger? = nil, _ body: (TestApp) async throws -> T
) async throws -> T {
    // Each test has its own data folder (attachments, the audit anchor), removed afterwards.
    let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent(
        "liaison-test-" + UUID().uuidString)
    defer { try? FileManager.default.removeItem(at: dataDirectory) }
    var environment = [
        "LIAISON_BCRYPT_COST": "4", "LIAISON_DATABASE_URL": ":memory:", "LIAISON_JOBS": "off",
        "LIAISON_LOG_LEVEL": "warning", "LIAISON_DATABASE_POOL_SIZE": "1", "LIAISON_DATA_DIR": dataDirectory.path,
        // The PostgreSQL tests run in parallel on one small cluster: a request waits for a connection as long as
        // the busiest moment of the run needs, instead of failing at the production default.
        "LIAISON_DATABASE_POOL_WAIT_SECONDS": "300",
    ]
    environment.merge(settings) { $1 }
    var config = try AppConfig.load(from: environment)
    var schema: String?
    if let url = TestApp.postgresURL {
        config.database = .postgres(url: url)
        schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        config.databaseSearchPath = [schema!]
    }
    let clock = TestClock(TestApp.start)
    let app = try await Application.make(.testing, logger: logger ?? Logger(label: "codes.vapor.application"))
    if logger == nil { app.logger.logLevel = .warning }
    let result: T
    do {
        try await configure(app, config: config, effects: Effects(clock: clock.clock, randomBytes: SeededRandom.bytes))
        if let schema {
            try await app.db.sql.raw("CREATE SCHEMA \(ident: schema)").run()
        }
        try await app.autoMigrate()
        result = try await body(TestApp(app: app, clock: clock))
    } catch {
        await cleanUp(app, schema: schema)
        throw error
    }
    await cleanUp(app, schema: schema)
    return result
}

private func cleanUp(_ app: Application, schema: String?) async {
    if let schema {
        try? await app.db.sql.raw("DROP SCHEMA \(ident: schema) CASCADE").run()
    }
    try? await app.asyncShutdown()
}

/// Deterministic "random" bytes for tests: a SplitMix64 stream, so tokens differ but runs repeat.
enum SeededRandom {
    private static let state = NIOLockedValueBox<UInt64>(0x5EED_1A15_0000_0001)

    static let bytes: @Sendable (Int) -> [UInt8] = { count in
        state.withLockedValue { seed in
            var out: [UInt8] = []
            out.reserveCapacity(count)
            while out.count < count {
                seed &+= 0x9E37_79B9_7F4A_7C15
                var z = seed
                z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
                z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
                z ^= z >> 31
                withUnsafeBytes(of: z) { out.append(contentsOf: $0.prefix(count - out.count)) }
            }
            return out
        }
    }
}

extension TestApp {
    /// Adds a person straight through the data layer (audited as the test system).
    @discardableResult
    func person(
        _ email: String, name: String = "测试用户", roles: [Role] = [.employee], password: String = "Test-Passw0rd!",
        mustChange: Bool = false, department: UUID? = nil
    ) async throws -> Person {
        // Built directly rather than validated: tests also need portal contacts (the customer role).
        let valid = ValidPerson(email: EmailAddress(email)!, name: name, departmentID: department, roles: Set(roles))
        let hash = try Bcrypt.hash(password, cost: 4)
        let now = clock.now
        return try await app.write { tx in
            try await PeopleCommands.create(
                valid, passwordHash: hash, mustChangePassword: mustChange, by: .system("test"), at: now, on: tx)
        }
    }

    /// A personal access token for a person.
    func token(for person: Person) async throws -> String {
        try await TokenIssuer.issue(
            for: person.id, TokenIssuer.Input(name: "test", expiresAt: nil), by: .system("test"), now: clock.now,
            effects: app.context.effects, writer: app.context.writer, db: app.db
        ).secret
    }

    /// An administrator and a token for them.
    func admin() async throws -> (Person, String) {
        let admin = try await person("admin@test.local", name: "管理员", roles: [.admin])
        return (admin, try await token(for: admin))
    }
}

extension Person {
    /// The person as a reader of customer data (need-to-know).
    var viewer: CustomerViewer { CustomerViewer(userID: id, roles: roles) }
}
