import FluentKit
import Foundation
import LiaisonData
import SQLKit
import Testing
import Vapor

@testable import LiaisonApp

/// `liaison restore`: a backup comes back, what it replaces is kept, and bad input changes nothing.
@Suite struct RestoreCommandTests {
    struct ActionRow: Decodable { var action: String }

    private func departmentNames(in path: String) async throws -> [String] {
        struct Row: Decodable { var name: String }
        return try await RestoreCommand.withDatabase(path, logger: Logger(label: "restore-test")) { db in
            try await db.sql.raw("SELECT name FROM departments ORDER BY name")
                .all(decoding: Row.self).map(\.name)
        }
    }

    @Test func aBackupComesBackAndWhatItReplacedIsKept() async throws {
        guard TestApp.postgresURL == nil else { return }  // restore is for SQLite installations
        try await withTestApp(["LIAISON_DATABASE_URL": ""]) { (app: TestApp) async throws in
            let (_, token) = try await app.admin()
            let api = APIClient(app: app, token: token)
            _ = try await api.call(.POST, "/api/v1/departments", json: ["name": "备份前"])
            let dir = app.app.context.config.dataDirectory
            let live = dir + "/liaison.sqlite"
            let backup = dir + "/backup"
            #expect(try await app.run(BackupCommand(), [backup]).contains("Backup written"))
            _ = try await api.call(.POST, "/api/v1/departments", json: ["name": "备份后"])
            _ = try await app.run(AuditVerifyCommand(), [])  // records the audit anchor
            #expect(FileManager.default.fileExists(atPath: dir + "/audit-anchor.json"))

            // Not a database, or a server still running: refused, nothing changed.
            try "你好".write(toFile: dir + "/notes.txt", atomically: true, encoding: .utf8)
            _ = try await app.run(RestoreCommand(), ["--from", dir + "/notes.txt"])
            #expect(app.app.exitCode == 1)
            app.app.exitCode = 0
            try ServerPIDFile(dataDirectory: dir).write()  // this very process: alive
            _ = try await app.run(RestoreCommand(), ["--from", backup])
            #expect(app.app.exitCode == 1)
            app.app.exitCode = 0
            try FileManager.default.removeItem(atPath: dir + "/liaison.pid")
            #expect(try await departmentNames(in: live).contains("备份后"))

            let output = try await app.run(RestoreCommand(), ["--from", backup])
            #expect(app.app.exitCode == 0)
            #expect(output.contains("Restored"), "\(output)")
            #expect(output.contains("audit entries verified"))
            let names = try await departmentNames(in: live)
            #expect(names.contains("备份前") && !names.contains("备份后"), "\(names)")
            let files = try FileManager.default.contentsOfDirectory(atPath: dir)
            #expect(files.contains { $0.hasPrefix("liaison.sqlite.before-restore-") }, "\(files)")
            #expect(files.contains { $0.hasPrefix("audit-anchor.json.before-restore-") }, "\(files)")
            #expect(!files.contains { $0.hasSuffix(".restoring") })
            // The restore is the restored trail's last entry, and the new anchor points at it.
            let anchor = try #require(try app.app.auditAnchor.read())
            let last = try await RestoreCommand.withDatabase(live, logger: app.app.logger) { db in
                try await AuditLog.verify(on: db, anchor: anchor)
            }
            guard case .intact(let count) = last else { Issue.record("restored trail: \(last)"); return }
            #expect(anchor.sequence == Int64(count))
            let action = try await RestoreCommand.withDatabase(live, logger: app.app.logger) { db in
                try await db.sql.raw("SELECT action FROM audit_entries ORDER BY id DESC LIMIT 1")
                    .first(decoding: ActionRow.self)?.action
            }
            #expect(action == "system.restored")
        }
    }

    @Test func aBackupWithABrokenTrailNeedsForce() async throws {
        guard TestApp.postgresURL == nil else { return }
        try await withTestApp(["LIAISON_DATABASE_URL": ""]) { (app: TestApp) async throws in
            let (_, token) = try await app.admin()
            _ = try await APIClient(app: app, token: token).call(.POST, "/api/v1/departments", json: ["name": "一部"])
            let dir = app.app.context.config.dataDirectory
            _ = try await app.run(BackupCommand(), [dir + "/backup"])
            // Someone edits the backup; the database file on its own is taken too (backups of earlier versions).
            let backup = dir + "/backup/liaison.sqlite"
            try await RestoreCommand.withDatabase(backup, logger: app.app.logger) { db in
                try await db.sql.raw("UPDATE audit_entries SET actor_label = 'x' WHERE id = 1").run()
            }

            _ = try await app.run(RestoreCommand(), ["--from", backup])
            #expect(app.app.exitCode == 1)
            app.app.exitCode = 0
            let forced = try await app.run(RestoreCommand(), ["--from", backup, "--force"])
            #expect(app.app.exitCode == 0)
            #expect(forced.contains("broken at entry 1"), "\(forced)")
        }
    }
}
