import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import SQLKit
import Vapor

/// `liaison backup <folder>`: a consistent copy of the database, taken while the server runs, and of the attachment
/// files, into a new folder that `liaison restore --from` takes (SQLite) or `pg_restore` reads (PostgreSQL). The
/// backup is recorded in the audit trail: who ran it, when, and where it went.
struct BackupCommand: LiaisonCommand {
    struct Signature: CommandSignature {
        @Argument(
            name: "destination",
            help:
                "A new (or empty) folder for the backup: liaison.sqlite, or liaison.dump on PostgreSQL, and blobs/ when attachments are kept in files"
        )
        var destination: String
        @Option(name: "pg-dump", help: "PostgreSQL: the pg_dump program to run (default: pg_dump on PATH)")
        var pgDump: String?
    }

    var help: String {
        "Copies the database (SQLite: online, consistent copy; PostgreSQL: pg_dump) and the attachment files into a new folder, while the server runs."
    }

    func execute(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let config = app.context.config
        var pgDump: PostgresDump?
        if case .postgres = config.database {
            pgDump = try PostgresDump.locate(given: signature.pgDump, path: ProcessInfo.processInfo.environment["PATH"])
        } else if signature.pgDump != nil {
            throw CommandFailure("--pg-dump is for PostgreSQL installations; this one keeps its data in SQLite")
        }
        let folder = try BackupFolder.prepare(signature.destination)
        let written: Written
        do {
            if case .postgres(let url) = config.database, let pgDump {
                written = try await Self.dumpPostgres(
                    url, with: pgDump, schemas: config.databaseSearchPath, into: folder, app)
            } else {
                written = try await Self.copySQLite(into: folder, app)
            }
        } catch {
            folder.discard()
            throw error
        }

        let now = app.context.effects.clock.now()
        let user = NSUserName()
        _ = try await app.write { tx in
            var changes = AuditChanges()
            changes.note("to", folder.url.path)
            changes.note("osUser", user)
            changes.note("attachmentFiles", String(written.attachmentFiles))
            try await AuditLog.append(
                .databaseBackedUp, recordType: .database, recordID: nil, changes: changes,
                by: .system("liaison backup"), at: now, on: tx)
        }

        let size = ByteCountFormatter.string(fromByteCount: Int64(written.databaseBytes), countStyle: .file)
        context.console.print(
            "Backup written to \(folder.url.path): \(written.databaseFile) (\(size)), \(written.attachmentFiles) attachment files."
        )
        if !written.missing.isEmpty {
            context.console.print(
                "\(written.missing.count) attachment files the database refers to are missing from the data folder, so from the backup too: "
                    + written.missing.prefix(5).joined(separator: ", ") + (written.missing.count > 5 ? ", …" : ""))
            app.exitCode = 1
        }
        if written.databaseFile == BackupFolder.sqliteDatabase {
            context.console.print("Restore it with: liaison restore --from \(folder.url.path)")
        } else {
            context.console.print("Restore it with pg_restore (docs/admin-guide.md, \"Back up and restore\").")
        }
    }

    struct Written {
        var databaseFile: String
        var databaseBytes: Int
        var attachmentFiles: Int
        /// Attachments the copied database refers to whose files were not found.
        var missing: [String] = []
    }

    /// `VACUUM INTO` on a read connection: one read transaction, so the copy is the database as of one commit,
    /// while writes go on (the write-ahead log keeps what they change apart until the copy is done).
    static func copySQLite(into folder: BackupFolder, _ app: Application) async throws -> Written {
        guard let sql = app.db as? any SQLDatabase else { throw CommandFailure("The database does not take SQL") }
        let partial = folder.partial(BackupFolder.sqliteDatabase)
        try await sql.raw("VACUUM INTO \(bind: partial.path)").run()
        let file = try folder.seal(BackupFolder.sqliteDatabase)
        var written = Written(
            databaseFile: BackupFolder.sqliteDatabase, databaseBytes: Self.size(of: file), attachmentFiles: 0)
        try copySecretKey(into: folder, app)
        guard let store = app.context.blobStore as? FileBlobStore else { return written }
        written.attachmentFiles = try BlobFiles.copy(from: store.root, to: folder.blobsURL)
        let referenced = try await RestoreCommand.withDatabase(file.path, logger: app.logger) { db in
            try await AttachmentFiles.referenced(on: db)
        }
        written.missing = referenced.filter { !BlobFiles.contains($0, under: folder.blobsURL) }
        return written
    }

    static func dumpPostgres(
        _ url: String, with pgDump: PostgresDump, schemas: [String]?, into folder: BackupFolder, _ app: Application
    ) async throws -> Written {
        try await pgDump.dump(url: url, schemas: schemas, to: folder.partial(BackupFolder.postgresDump))
        let file = try folder.seal(BackupFolder.postgresDump)
        var written = Written(
            databaseFile: BackupFolder.postgresDump, databaseBytes: Self.size(of: file), attachmentFiles: 0)
        try copySecretKey(into: folder, app)
        if let store = app.context.blobStore as? FileBlobStore {
            written.attachmentFiles = try BlobFiles.copy(from: store.root, to: folder.blobsURL)
        }
        return written
    }

    /// The data folder's secret key, without which the stored mail server passwords cannot be read.
    static func copySecretKey(into folder: BackupFolder, _ app: Application) throws {
        let key = URL(fileURLWithPath: app.context.config.dataDirectory).appendingPathComponent(SecretBox.keyFileName)
        guard FileManager.default.fileExists(atPath: key.path) else { return }
        let copy = folder.url.appendingPathComponent(SecretBox.keyFileName)
        try FileManager.default.copyItem(at: key, to: copy)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: copy.path)
    }

    private static func size(of file: URL) -> Int {
        (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0
    }
}

/// The attachment files a database refers to.
enum AttachmentFiles {
    static func referenced(on db: any Database) async throws -> [String] {
        struct Row: Decodable { var sha256: String }
        guard let sql = db as? any SQLDatabase else { return [] }
        return try await sql.raw("SELECT DISTINCT sha256 FROM attachments ORDER BY sha256").all(decoding: Row.self).map(
            \.sha256)
    }
}
