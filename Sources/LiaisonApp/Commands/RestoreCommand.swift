import FluentKit
import FluentSQLiteDriver
import Foundation
import LiaisonCore
import LiaisonData
import NIOPosix
import SQLKit
import Vapor

/// `liaison restore --from FOLDER`: puts a backup made by `liaison backup` in place of the SQLite database and the
/// attachment files, with the server stopped. The backup is checked first (a Liaison database whose audit chain
/// verifies); the database, the attachment files and the audit anchor it replaces are kept beside them, renamed,
/// never deleted. A single database file (a backup of an earlier version) is taken too.
struct RestoreCommand: LiaisonCommand {
    struct Signature: CommandSignature {
        @Option(name: "from", help: "The backup folder to restore (written by liaison backup), or a database file")
        var from: String?
        @Flag(name: "force", help: "Restore even if the backup's audit trail does not verify") var force: Bool
    }

    var help: String { "Replaces the SQLite database and the attachment files with a backup (stop the server first)." }

    func execute(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let config = app.context.config
        guard case .sqliteFile(let path) = config.database else {
            throw CommandFailure(
                "This installation does not keep its data in an SQLite file: restore PostgreSQL with pg_restore (see docs/admin-guide.md).")
        }
        guard let source = signature.from, !source.isEmpty else { throw CommandFailure("--from FOLDER is required") }
        let backup = try Self.backup(at: source)
        let header = (try? FileHandle(forReadingFrom: backup.database).read(upToCount: 16)) ?? nil
        guard header == Data("SQLite format 3\u{0}".utf8) else {
            throw CommandFailure("\(backup.database.path) is not an SQLite database; nothing was changed")
        }
        if let pid = ServerPIDFile(dataDirectory: config.dataDirectory).runningPID() {
            throw CommandFailure("A Liaison server (pid \(pid)) is using \(config.dataDirectory): stop it first; nothing was changed")
        }

        // Check a copy beside the database, so the backup itself is never opened for writing.
        let staging = path + ".restoring"
        try? FileManager.default.removeItem(atPath: staging)
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: backup.database.path, toPath: staging)
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

        // The attachment files are copied beside the data folder's before anything is replaced.
        let blobRoot = (app.context.blobStore as? FileBlobStore)?.root
        var blobStaging: URL?
        var attachmentFiles = 0
        if let files = backup.blobs, let blobRoot {
            let target = blobRoot.deletingLastPathComponent().appendingPathComponent(blobRoot.lastPathComponent + ".restoring")
            try? FileManager.default.removeItem(at: target)
            do {
                try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
                attachmentFiles = try BlobFiles.copy(from: files, to: target)
            } catch {
                Self.removeStaging(staging)
                try? FileManager.default.removeItem(at: target)
                throw CommandFailure("Cannot copy the attachment files from \(files.path) (\(error)); nothing was changed")
            }
            blobStaging = target
        }

        // Keep what is replaced: the database (with its write-ahead log), the attachment files and the audit anchor.
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
        if let blobStaging, let blobRoot {
            if FileManager.default.fileExists(atPath: blobRoot.path) {
                let aside = blobRoot.path + ".before-restore-" + stamp
                try FileManager.default.moveItem(atPath: blobRoot.path, toPath: aside)
                kept.append(aside)
            }
            try FileManager.default.moveItem(at: blobStaging, to: blobRoot)
        }
        // The backup's secret key opens the passwords its database holds.
        let backupKey = URL(fileURLWithPath: source).appendingPathComponent(SecretBox.keyFileName)
        if FileManager.default.fileExists(atPath: backupKey.path) {
            let key = URL(fileURLWithPath: app.context.config.dataDirectory).appendingPathComponent(SecretBox.keyFileName)
            if FileManager.default.fileExists(atPath: key.path) {
                try FileManager.default.moveItem(atPath: key.path, toPath: key.path + ".before-restore-" + stamp)
                kept.append(key.path + ".before-restore-" + stamp)
            }
            try FileManager.default.copyItem(at: backupKey, to: key)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: key.path)
        }
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: staging + suffix) }
        try FileManager.default.moveItem(atPath: staging, toPath: path)

        // The restored trail records the restore itself, and a new anchor is taken at its end.
        let now = app.context.effects.clock.now()
        let restoredFiles = blobStaging == nil ? nil : attachmentFiles
        let head = try await Self.withDatabase(path, logger: app.logger) { db in
            try await db.transaction { tx in
                var changes = AuditChanges()
                changes.note("from", source)
                if case .intact(let count) = verdict { changes.note("verifiedEntries", String(count)) }
                if case .broken(let id, _, _) = verdict { changes.note("brokenAt", String(id)) }
                if let restoredFiles { changes.note("attachmentFiles", String(restoredFiles)) }
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
        if blobStaging != nil { context.console.print("Restored \(attachmentFiles) attachment files.") }
        if backup.blobs != nil, blobRoot == nil {
            context.console.print(
                "The backup's attachment files were not restored: this installation keeps attachments in the database (LIAISON_BLOB_STORE).")
        }
        if !kept.isEmpty { context.console.print("Kept what it replaced: \(kept.joined(separator: ", "))") }
        context.console.print("The restore is recorded in the audit trail; start the server when ready.")
    }

    /// The database and attachment files of a backup folder, or a database file on its own.
    static func backup(at source: String) throws -> (database: URL, blobs: URL?) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: source, isDirectory: &isDirectory) else {
            throw CommandFailure("\(source) does not exist")
        }
        let url = URL(fileURLWithPath: source).standardizedFileURL
        guard isDirectory.boolValue else { return (url, nil) }
        let database = url.appendingPathComponent(BackupFolder.sqliteDatabase)
        guard FileManager.default.fileExists(atPath: database.path) else {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent(BackupFolder.postgresDump).path) {
                throw CommandFailure(
                    "\(source) holds a PostgreSQL backup (\(BackupFolder.postgresDump)): restore it with pg_restore (see docs/admin-guide.md); nothing was changed")
            }
            throw CommandFailure("\(source) is not a backup folder (it has no \(BackupFolder.sqliteDatabase)); nothing was changed")
        }
        let blobs = url.appendingPathComponent(BackupFolder.blobs)
        return (database, FileManager.default.fileExists(atPath: blobs.path) ? blobs : nil)
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
