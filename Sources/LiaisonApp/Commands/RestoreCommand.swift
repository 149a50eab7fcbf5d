import FluentKit
import FluentSQLiteDriver
import Foundation
import LiaisonCore
import LiaisonData
import NIOPosix
import SQLKit
import Vapor

/// `liaison restore --from FILE`: puts a backup made by `liaison backup` in place of the SQLite database, with
/// the server stopped. The backup is checked first (a Liaison database whose audit chain verifies); the database
/// it replaces and the audit anchor are kept beside it, renamed, never deleted.
struct RestoreCommand: LiaisonCommand {
    struct Signature: CommandSignature {
        @Option(name: "from", help: "The backup file to restore (written by liaison backup)") var from: String?
        @Flag(name: "force", help: "Restore even if the backup's audit trail does not verify") var force: Bool
    }

    var help: String { "Replaces the SQLite database with a backup (stop the server first)." }

    func execute(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let config = app.context.config
        guard case .sqliteFile(let path) = config.database else {
            throw CommandFailure(
                "This installation does not keep its data in an SQLite file: restore PostgreSQL with pg_restore (see docs/admin-guide.md).")
        }
        guard let source = signature.from, !source.isEmpty else { throw CommandFailure("--from FILE is required") }
        guard FileManager.default.fileExists(atPath: source) else { throw CommandFailure("\(source) does not exist") }
        let header = (try? FileHandle(forReadingFrom: URL(fileURLWithPath: source)).read(upToCount: 16)) ?? nil
        guard header == Data("SQLite format 3\u{0}".utf8) else {
            throw CommandFailure("\(source) is not an SQLite database; nothing was changed")
        }
        if let pid = ServerPIDFile(dataDirectory: config.dataDirectory).runningPID() {
            throw CommandFailure("A Liaison server (pid \(pid)) is using \(config.dataDirectory): stop it first; nothing was changed")
        }

        // Check a copy beside the database, so the backup itself is never opened for writing.
        let staging = path + ".restoring"
        try? FileManager.default.removeItem(atPath: staging)
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: source, toPath: staging)
        let verdict: AuditVerification
        do {
            verdict = try await Self.check(staging, logger: app.logger)
        } catch {
            Self.removeStaging(staging)
            throw CommandFailure("\(source) is not a Liaison backup (\(error)); nothing was changed")
        }
        if case .broken(let id, let reason, _) = verdict, !signature.force {
            Self.removeStaging(staging)
            throw CommandFailure(
                "The backup's audit trail is broken at entry \(id) (\(reason.explanation(anchor: nil))); nothing was changed. Restore anyway with --force.")
        }

        // Keep what is replaced: the database (with its write-ahead log) and the audit anchor.
        let stamp = Self.stamp(app.context.effects.clock.now())
        var kept: [String] = []
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            try FileManager.default.moveItem(atPath: path + suffix, toPath: path + suffix + ".before-restore-" + stamp)
            kept.append(path + suffix + ".before-restore-" + stamp)
        }
        let anchor = app.auditAnchor.url.path
        if FileManager.default.fileExists(atPath: anchor) {
            try FileManager.default.moveItem(atPath: anchor, toPath: anchor + ".before-restore-" + stamp)
            kept.append(anchor + ".before-restore-" + stamp)
        }
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: staging + suffix) }
        try FileManager.default.moveItem(atPath: staging, toPath: path)

        // The restored trail records the restore itself, and a new anchor is taken at its end.
        let now = app.context.effects.clock.now()
        let head = try await Self.withDatabase(path, logger: app.logger) { db in
            try await db.transaction { tx in
                var changes = AuditChanges()
                changes.note("from", source)
                if case .intact(let count) = verdict { changes.note("verifiedEntries", String(count)) }
                if case .broken(let id, _, _) = verdict { changes.note("brokenAt", String(id)) }
                try await AuditLog.append(
                    .databaseRestored, recordType: .database, recordID: nil, changes: changes,
                    by: .system("liaison restore"), at: now, on: tx)
            }
            return try await AuditLog.head(at: now, on: db)
        }
        if case .intact = verdict, let head { try app.auditAnchor.write(head) }
        app.auditAnchorKeeper.reload()

        switch verdict {
        case .intact(let count): context.console.print("Restored \(source): \(count) audit entries verified.")
        case .broken(let id, _, _): context.console.print("Restored \(source) with its audit trail broken at entry \(id) (--force).")
        }
        if !kept.isEmpty { context.console.print("Kept what it replaced: \(kept.joined(separator: ", "))") }
        context.console.print("The restore is recorded in the audit trail; start the server when ready.")
    }

    /// Opens the file on its own, checks it holds Liaison's tables and verifies its audit chain.
    static func check(_ path: String, logger: Logger) async throws -> AuditVerification {
        try await withDatabase(path, logger: logger) { db in
            struct Row: Decodable { var n: Int }
            let migrations = try await db.sql.raw("SELECT COUNT(*) AS n FROM _fluent_migrations")
                .first(decoding: Row.self)?.n ?? 0
            guard migrations > 0 else { throw CommandFailure("no migrations recorded") }
            return try await AuditLog.verify(on: db)
        }
    }

    /// Runs `body` on an SQLite file opened on its own, closed again before this returns.
    static func withDatabase<T: Sendable>(
        _ path: String, logger: Logger, _ body: @Sendable (any Database) async throws -> T
    ) async throws -> T {
        let threadPool = NIOThreadPool(numberOfThreads: 1)
        threadPool.start()
        let databases = Databases(threadPool: threadPool, on: MultiThreadedEventLoopGroup.singleton)
        databases.use(.sqlite(.file(path)), as: .sqlite)
        let db = databases.database(logger: logger, on: MultiThreadedEventLoopGroup.singleton.any())!
        let result: Result<T, any Error>
        do {
            result = .success(try await body(db))
        } catch {
            result = .failure(error)
        }
        await databases.shutdownAsync()
        try? await threadPool.shutdownGracefully()
        return try result.get()
    }

    private static func removeStaging(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    private static func stamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return formatter.string(from: date)
    }
}
