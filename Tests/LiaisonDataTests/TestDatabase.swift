import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLKit
import Testing

@testable import LiaisonData

/// A migrated database for one test: a temporary SQLite file written through the dedicated write connection (as
/// the server does), or a fresh schema on the PostgreSQL server named by `LIAISON_TEST_DATABASE_URL`.
///
/// `sqliteLogSync` always makes a SQLite file, whose log is synced as it says: by the given log syncer (`apart`),
/// or within each commit (`inline`).
func withDatabase<T>(
    sqliteLogSync: SQLiteTestLogSync? = nil, _ body: (any Database, Writer) async throws -> T
) async throws -> T {
    let threadPool = NIOThreadPool(numberOfThreads: 2)
    threadPool.start()
    let databases = Databases(threadPool: threadPool, on: MultiThreadedEventLoopGroup.singleton)
    var schema: String?
    var sqliteFile: String?
    if sqliteLogSync == nil, let url = ProcessInfo.processInfo.environment["LIAISON_TEST_DATABASE_URL"], !url.isEmpty {
        schema = "d_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        var configuration = try SQLPostgresConfiguration(url: url)
        configuration.searchPath = [schema!]
        // Tests run in parallel on one small cluster: wait for a connection as long as the busiest moment needs.
        databases.use(
            .postgres(configuration: configuration, maxConnectionsPerEventLoop: 2, connectionPoolTimeout: .seconds(300)),
            as: .psql)
    } else {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("liaison-data-test-\(UUID().uuidString).sqlite").path
        sqliteFile = path
        databases.use(.liaisonSQLite(path: path), as: .sqlite)
    }
    let writerThread = sqliteFile.map { path in
        switch sqliteLogSync {
        case nil: SQLiteWriterThread(path: path)
        case .apart(let syncer): SQLiteWriterThread(path: path, synchronous: .full, syncer: syncer)
        case .inline: SQLiteWriterThread(path: path, logSync: .inline)
        }
    }
    var logger = Logger(label: "test")
    logger.logLevel = .warning
    let db = databases.database(logger: logger, on: MultiThreadedEventLoopGroup.singleton.any())!
    func shutDown() async {
        if let schema { try? await db.sql.raw("DROP SCHEMA \(ident: schema) CASCADE").run() }
        await writerThread?.shutdown()
        await databases.shutdownAsync()
        try? await threadPool.shutdownGracefully()
        if let sqliteFile {
            for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: sqliteFile + suffix) }
        }
    }
    do {
        if let schema { try await db.sql.raw("CREATE SCHEMA \(ident: schema)").run() }
        // As the server does at start: the file in WAL mode, where the write connection leaves its log's syncs to
        // the log syncer.
        if sqliteFile != nil { _ = try await SQLiteSetup.prepare(db) }
        let migrations = FluentKit.Migrations()
        migrations.add(LiaisonData.Migrations.all)
        let migrator = Migrator(
            databases: databases, migrations: migrations, logger: logger, on: MultiThreadedEventLoopGroup.singleton.any())
        try await migrator.setupIfNeeded().get()
        try await migrator.prepareBatch().get()
        let result = try await body(db, Writer(committer: GroupCommitter(thread: writerThread)))
        await shutDown()
        return result
    } catch {
        await shutDown()
        throw error
    }
}

/// How a test's SQLite file has its log synced (see `withDatabase`).
enum SQLiteTestLogSync {
    case apart(SQLiteLogSyncer)
    case inline
}

/// Waits (up to ten seconds) until `condition` holds, and records an issue if it never does.
func until(_ condition: () -> Bool) async throws {
    for _ in 0..<2000 where !condition() { try await Task.sleep(for: .milliseconds(5)) }
    #expect(condition())
}
