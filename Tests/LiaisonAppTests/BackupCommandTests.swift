import FluentKit
import Foundation
import LiaisonCore
import LiaisonData
import MailTestServers
import NIOConcurrencyHelpers
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp

/// `liaison backup <folder>`: a consistent copy taken while writes go on, with the attachment files, that
/// `liaison restore` (SQLite) or `pg_restore` (PostgreSQL) takes back with its audit trail whole; recorded in the
/// live audit trail; refused into a folder that holds anything.
@Suite struct BackupCommandTests {
    struct Entry: Decodable {
        var action: String
        var actor_label: String
        var changes: String
    }

    private func lastEntry(_ action: String = "%", on db: any Database) async throws -> Entry? {
        try await db.sql.raw(
            "SELECT action, actor_label, changes FROM audit_entries WHERE action LIKE \(bind: action) ORDER BY id DESC LIMIT 1"
        ).first(decoding: Entry.self)
    }

    private func count(_ sql: SQLQueryString, on db: any Database) async throws -> Int {
        struct Row: Decodable { var n: Int }
        return try await db.sql.raw(sql).first(decoding: Row.self)?.n ?? -1
    }

    private func names(_ table: String, on db: any Database) async throws -> [String] {
        struct Row: Decodable { var name: String }
        return try await db.sql.raw("SELECT name FROM \(ident: table) ORDER BY name").all(
            decoding: Row.self
        )
        .map(\.name)
    }

    /// A customer with a request whose message has `file` attached.
    private func requestWithFile(_ api: APIClient, _ file: Data) async throws {
        let customer = try await api.call(.POST, "/api/v1/customers", json: ["name": "合肥某某电子"])
        let customerID = try #require(customer.object["id"] as? String)
        let body: [String: Any] = [
            "customerId": customerID, "kind": "issue", "priority": "normal", "subject": "固件升级失败", "body": "无法启动",
        ]
        let request = try #require(try await api.call(.POST, "/api/v1/requests", json: body).object["id"] as? String)
        let message = try await api.call(.POST, "/api/v1/requests/\(request)/messages", json: ["body": "日志见附件"])
        let messageID = try #require(message.object["id"] as? String)
        let path = "/api/v1/requests/\(request)/messages/\(messageID)/attachments?filename=log.pdf"
        #expect(try await api.upload(path, data: file).status == .created)
    }

    /// Adds customers until `stop` is set, counting them in `written`.
    private func keepWriting(_ api: APIClient, _ written: NIOLockedValueBox<Int>, _ stop: NIOLockedValueBox<Bool>)
        async throws
    {
        var made = 0
        while !stop.withLockedValue({ $0 }) {
            made += 1
            let answer = try await api.call(.POST, "/api/v1/customers", json: ["name": "客户 \(made)"])
            #expect(answer.status == .created)
            written.withLockedValue { $0 = made }
        }
    }

    private func waitFor(_ written: NIOLockedValueBox<Int>, toReach count: Int) async throws {
        while written.withLockedValue({ $0 }) < count { try await Task.sleep(for: .milliseconds(2)) }
    }

    /// The customers of an SQLite file, how many its trail says were created, and the trail's verdict.
    private func contents(of path: String, anchor: AuditAnchor? = nil, logger: Logger) async throws
        -> (customers: [String], created: Int, backups: Int, trail: AuditVerification)
    {
        try await RestoreCommand.withDatabase(path, logger: logger) { db in
            let customers = try await names("customers", on: db)
            let created = try await count(
                "SELECT COUNT(*) AS n FROM audit_entries WHERE action = 'customer.create'", on: db)
            let backups = try await count(
                "SELECT COUNT(*) AS n FROM audit_entries WHERE action = 'system.backedUp'", on: db)
            let trail = try await AuditLog.verify(on: db, anchor: anchor)
            return (customers, created, backups, trail)
        }
    }

    @Test func aBackupTakenWhileWritesGoOnComesBackElsewhereWithItsFilesAndItsTrail() async throws {
        guard TestApp.postgresURL == nil else { return }
        try await withTestApp(["LIAISON_DATABASE_URL": ""]) { (app: TestApp) async throws in
            // setup: a file attached to a request, and an agent who keeps adding customers
            let agent = try await app.person("xu.jie@test.local", name: "徐杰", roles: [.agent])
            let api = APIClient(app: app, token: try await app.token(for: agent))
            let pdf = Data("%PDF-1.7\n升级日志 2.1".utf8)
            try await requestWithFile(api, pdf)
            // The data folder's secret key (mail server passwords) goes with the backup.
            let secrets = try SecretBox.loadOrCreate(in: URL(fileURLWithPath: app.app.context.config.dataDirectory))
            let sealed = try secrets.seal("邮箱密码")
            let folder = app.app.context.config.dataDirectory + "/backups/first"
            let written = NIOLockedValueBox(0)
            let stop = NIOLockedValueBox(false)

            // MUT: the backup starts after ten writes and the writes go on until ten more followed it
            let output = try await withThrowingTaskGroup(of: String?.self) { group in
                group.addTask {
                    try await keepWriting(api, written, stop)
                    return nil
                }
                group.addTask {
                    try await waitFor(written, toReach: 10)
                    let output = try await app.run(BackupCommand(), [folder])
                    try await waitFor(written, toReach: written.withLockedValue { $0 } + 10)
                    stop.withLockedValue { $0 = true }
                    return output
                }
                var output = ""
                for try await result in group { if let result { output = result } }
                return output
            }

            // validate: the copy is one moment of the database: its customers are those its trail created
            #expect(app.app.exitCode == 0, "\(output)")
            #expect(output.contains("Backup written to \(folder): liaison.sqlite"), "\(output)")
            #expect(output.contains("1 attachment files"), "\(output)")
            let files = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
            #expect(files == ["blobs", "liaison.sqlite", "secret.key"], "\(files)")
            let backup = try await contents(of: folder + "/liaison.sqlite", logger: app.app.logger)
            guard case .intact = backup.trail else {
                Issue.record("the backup's trail: \(backup.trail)")
                return
            }
            #expect(backup.customers.count == backup.created)
            #expect(backup.backups == 0)
            #expect(backup.customers.count >= 11)
            let live = try await names("customers", on: app.db)
            #expect(backup.customers.count <= live.count - 10, "writes made after the backup ended are not in it")

            // The live trail records who made the backup and where it went; the backup does not hold that entry.
            let entry = try #require(try await lastEntry("system.backedUp", on: app.db))
            #expect(entry.actor_label == "liaison backup")
            #expect(entry.changes.contains(folder) && entry.changes.contains(NSUserName()), "\(entry.changes)")

            // The backup comes back in another data folder, attachment file included.
            try await withTestApp(["LIAISON_DATABASE_URL": ""]) { (other: TestApp) async throws in
                let restored = try await other.run(RestoreCommand(), ["--from", folder])
                #expect(other.app.exitCode == 0, "\(restored)")
                #expect(restored.contains("Restored 1 attachment files"), "\(restored)")
                let directory = other.app.context.config.dataDirectory
                #expect(try SecretBox.loadOrCreate(in: URL(fileURLWithPath: directory)).open(sealed) == "邮箱密码")
                let anchor = try #require(try other.app.auditAnchor.read())
                let back = try await contents(
                    of: directory + "/liaison.sqlite", anchor: anchor, logger: other.app.logger)
                #expect(back.customers == backup.customers)
                guard case .intact = back.trail else {
                    Issue.record("the restored trail: \(back.trail)")
                    return
                }
                let sha = BlobHash.sha256(pdf)
                let file = URL(fileURLWithPath: directory).appendingPathComponent("blobs")
                    .appendingPathComponent(String(sha.prefix(2))).appendingPathComponent(
                        String(sha.dropFirst(2).prefix(2))
                    )
                    .appendingPathComponent(sha)
                #expect(try Data(contentsOf: file) == pdf)
            }
        }
    }

    @Test func anAttachmentWhoseFileIsGoneIsNamedAndTheBackupExitsWithOne() async throws {
        guard TestApp.postgresURL == nil else { return }
        try await withTestApp(["LIAISON_DATABASE_URL": ""]) { (app: TestApp) async throws in
            let agent = try await app.person("xu.jie@test.local", name: "徐杰", roles: [.agent])
            let pdf = Data("%PDF-1.7\n丢失的文件".utf8)
            try await requestWithFile(APIClient(app: app, token: try await app.token(for: agent)), pdf)
            let directory = app.app.context.config.dataDirectory
            let sha = BlobHash.sha256(pdf)
            try FileManager.default.removeItem(
                atPath: "\(directory)/blobs/\(sha.prefix(2))/\(sha.dropFirst(2).prefix(2))/\(sha)")

            let output = try await app.run(BackupCommand(), [directory + "/backup"])

            #expect(app.app.exitCode == 1)
            #expect(output.contains("1 attachment files the database refers to are missing"), "\(output)")
            #expect(output.contains(sha), "\(output)")
            #expect(FileManager.default.fileExists(atPath: directory + "/backup/liaison.sqlite"))
        }
    }

    @Test func aBackupGoesOnlyIntoANewOrEmptyFolder() async throws {
        try await withTestApp(["LIAISON_DATABASE_URL": TestApp.postgresURL == nil ? "" : ":memory:"]) {
            (app: TestApp) async throws in
            let root = app.app.context.config.dataDirectory + "/backups"
            try FileManager.default.createDirectory(atPath: root + "/taken", withIntermediateDirectories: true)
            try "上次的备份".write(toFile: root + "/taken/notes.txt", atomically: true, encoding: .utf8)

            _ = try await app.run(BackupCommand(), [root + "/taken"])
            #expect(app.app.exitCode == 1)
            #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/taken") == ["notes.txt"])
            app.app.exitCode = 0

            if TestApp.postgresURL == nil {
                _ = try await app.run(BackupCommand(), [root + "/sqlite", "--pg-dump", "/usr/bin/pg_dump"])
                #expect(app.app.exitCode == 1)
                #expect(!FileManager.default.fileExists(atPath: root + "/sqlite"))
                app.app.exitCode = 0
            } else {
                _ = try await app.run(BackupCommand(), [root + "/none", "--pg-dump", root + "/no-such-pg_dump"])
                #expect(app.app.exitCode == 1)
                #expect(!FileManager.default.fileExists(atPath: root + "/none"))
                app.app.exitCode = 0
            }

            try FileManager.default.createDirectory(atPath: root + "/empty", withIntermediateDirectories: true)
            let output = try await app.run(BackupCommand(), [root + "/empty"])
            #expect(app.app.exitCode == 0, "\(output)")
            #expect(output.contains("Backup written"), "\(output)")
        }
    }

    @Test func theHelpNamesTheFolderAndTheOptions() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let console = RecordingConsole()
            var context = CommandContext(console: console, input: CommandInput(arguments: ["liaison", "backup"]))
            context.application = app.app
            BackupCommand().outputHelp(using: &context)
            #expect(console.text.contains("destination") && console.text.contains("pg-dump"), "\(console.text)")
            #expect(console.text.contains("pg_dump") && console.text.contains("SQLite"))
        }
    }

    @Test func pgDumpGetsThePasswordThroughItsEnvironmentAndTheTLSModeInLibpqWords() throws {
        let environment = try PostgresDump.environment(
            for: "postgres://li%40ison:p%40ss%3Aword@db.internal:6543/liaison?tlsmode=require")
        #expect(environment["PGHOST"] == "db.internal")
        #expect(environment["PGPORT"] == "6543")
        #expect(environment["PGUSER"] == "li@ison")
        #expect(environment["PGPASSWORD"] == "p@ss:word")
        #expect(environment["PGDATABASE"] == "liaison")
        #expect(environment["PGSSLMODE"] == "require")
        #expect(try PostgresDump.environment(for: "postgres://a:b@h/d?tlsmode=disable")["PGSSLMODE"] == "disable")
        #expect(try PostgresDump.environment(for: "postgres://a:b@h/d")["PGSSLMODE"] == "prefer")
        #expect(try PostgresDump.environment(for: "postgres://a:b@h/d")["PGPORT"] == "5432")

        let arguments = PostgresDump.arguments(file: URL(fileURLWithPath: "/b/liaison.dump.partial"), schemas: ["t_1"])
        #expect(
            arguments == ["--format=custom", "--no-password", "--file=/b/liaison.dump.partial", "--schema=\"t_1\""])
        #expect(throws: CommandFailure.self) { try PostgresDump.locate(given: "/nowhere/pg_dump", path: nil) }
    }

    @Test func aFailedDumpSaysWhatPgDumpSaid() async throws {
        guard let pgDump = try? PostgresDump.locate(given: nil, path: ProcessInfo.processInfo.environment["PATH"])
        else {
            return  // no PostgreSQL client programs here
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("liaison-\(UUID().uuidString).dump")
        defer { try? FileManager.default.removeItem(at: file) }
        do {
            // Port 1: nothing listens there.
            try await pgDump.dump(
                url: "postgres://nobody:secret@127.0.0.1:1/none?tlsmode=disable", schemas: nil, to: file)
            Issue.record("the dump succeeded")
        } catch let failure as CommandFailure {
            #expect(failure.message.hasPrefix("pg_dump failed"), "\(failure.message)")
            #expect(failure.message.contains("127.0.0.1"), "\(failure.message)")
            #expect(!failure.message.contains("secret"))
        }
    }

    @Test func onPostgreSQLTheBackupIsAnArchivePgRestoreTakesBack() async throws {
        guard TestApp.postgresURL != nil else { return }
        try await withTestApp { (app: TestApp) async throws in
            let (_, token) = try await app.admin()
            let api = APIClient(app: app, token: token)
            _ = try await api.call(.POST, "/api/v1/departments", json: ["name": "备份前"])
            let folder = app.app.context.config.dataDirectory + "/pg-backup"

            // MUT
            let output = try await app.run(BackupCommand(), [folder])

            #expect(app.app.exitCode == 0, "\(output)")
            #expect(output.contains("liaison.dump"), "\(output)")
            let archive = URL(fileURLWithPath: folder + "/liaison.dump")
            #expect(try FileHandle(forReadingFrom: archive).read(upToCount: 5) == Data("PGDMP".utf8))
            #expect(try await lastEntry(on: app.db)?.action == "system.backedUp")
            _ = try await api.call(.POST, "/api/v1/departments", json: ["name": "备份后"])

            // Restore as the admin guide says, into the place of the schema, which is moved aside.
            let config = app.app.context.config
            guard case .postgres(let url) = config.database, let schema = config.databaseSearchPath?.first else {
                Issue.record("not a PostgreSQL test application")
                return
            }
            let sql = app.db.sql
            try await sql.raw("ALTER SCHEMA \(ident: schema) RENAME TO \(ident: schema + "_before")").run()
            let pgDump = try PostgresDump.locate(given: nil, path: ProcessInfo.processInfo.environment["PATH"])
            let environment = try PostgresDump.environment(for: url)
            let restored = ChildProcess.run(
                pgDump.executable.deletingLastPathComponent().appendingPathComponent("pg_restore").path,
                ["--no-owner", "--exit-on-error", "--dbname=\(environment["PGDATABASE"] ?? "")", archive.path],
                environment: ProcessInfo.processInfo.environment.merging(environment) { $1 })
            #expect(restored == 0)

            let departments = try await names("departments", on: app.db)
            #expect(departments.contains("备份前") && !departments.contains("备份后"), "\(departments)")
            let verdict = try await AuditLog.verify(on: app.db)
            try await sql.raw("DROP SCHEMA \(ident: schema + "_before") CASCADE").run()
            guard case .intact = verdict else { Issue.record("the restored trail: \(verdict)"); return }
        }
    }
}
