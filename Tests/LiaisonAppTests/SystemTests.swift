import Foundation
import LiaisonCore
import LiaisonData
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp

@Suite struct SystemTests {
    @Test func healthAnswersWhenTheDatabaseDoes() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let response = try await APIClient(app: app).call(.GET, "/healthz")
            #expect(response.status == .ok)
            #expect(response.object["database"] as? String == "ok")
        }
    }

    @Test func assetsAreServedAndOverlongPathsAreNotFoundNotAServerError() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let client = APIClient(app: app)
            #expect(try await client.call(.GET, "/assets/app.css").status == .ok)
            #expect(try await client.call(.GET, "/assets/nothing.css").status == .notFound)
            let long = String(repeating: "x", count: 300)
            #expect(try await client.call(.GET, "/\(long)").status == .notFound)
            #expect(try await client.call(.GET, "/assets/\(long)").status == .notFound)
            #expect(try await client.call(.GET, "/assets/\(String(repeating: "x", count: 8000))").status == .notFound)
            let (_, token) = try await app.admin()
            let api = APIClient(app: app, token: token)
            #expect(try await api.call(.GET, "/api/v1/users/\(String(repeating: "x", count: 8000))").status.code < 500)
        }
    }

    @Test func metricsCountRequestsAndShowTheJobQueue() async throws {
        try await withTestApp { (app: TestApp) async throws in
            _ = try await APIClient(app: app).call(.GET, "/healthz")
            let response = try await APIClient(app: app).call(.GET, "/metrics")
            #expect(response.status == .ok)
            #expect(response.text.contains("liaison_http_requests_total{"))
            #expect(response.text.contains("route=\"/healthz\""))
            #expect(response.text.contains("liaison_jobs_queued"))
            #expect(response.text.contains("liaison_http_request_duration_seconds_bucket"))
        }
    }

    /// A stored value that no longer decodes is an error for the one record, logged, and counted where an
    /// operator looks; where the SQLite statements ran is there too.
    @Test func aDamagedStoredValueIsRefusedAndCountedInMetrics() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (_, token) = try await app.admin()
            let api = APIClient(app: app, token: token)
            let id = try await api.call(.POST, "/api/v1/customers", json: ["name": "损坏的标签", "tags": ["重点"]])
                .object["id"] as! String
            try await app.db.sql.raw(
                "UPDATE customers SET tags = 'not json' WHERE id = \(bind: UUID(uuidString: id)!)"
            ).run()
            let failed = try await api.call(.GET, "/api/v1/customers/\(id)")
            #expect(failed.status == .internalServerError)
            let metrics = try await APIClient(app: app).call(.GET, "/metrics").text
            let line = metrics.split(separator: "\n").first { $0.hasPrefix("liaison_json_decode_failures_total") }
            #expect((line?.split(separator: " ").last.flatMap { Double($0) } ?? 0) >= 1, "\(line ?? "missing")")
            if app.db.readCounts != nil {
                #expect(metrics.contains("liaison_sqlite_statements_on_reader_threads"))
                #expect(metrics.contains("liaison_sqlite_costly_reads"))
            }
        }
    }

    @Test func theReaderThreadsAreSetOrFollowTheCores() throws {
        #expect(try AppConfig.load(from: [:]).sqliteReadThreads == AppConfig.defaultSQLiteReadThreads)
        #expect(try AppConfig.load(from: ["LIAISON_SQLITE_READ_THREADS": "0"]).sqliteReadThreads == 0)
        #expect(try AppConfig.load(from: ["LIAISON_SQLITE_READ_THREADS": "3"]).sqliteReadThreads == 3)
        #expect(throws: ConfigError.self) { try AppConfig.load(from: ["LIAISON_SQLITE_READ_THREADS": "many"]) }
        #expect(throws: ConfigError.self) { try AppConfig.load(from: ["LIAISON_SQLITE_READ_THREADS": "65"]) }
    }

    @Test func theLogIsSyncedApartUnlessSetInline() async throws {
        #expect(try AppConfig.load(from: [:]).sqliteLogSync == .apart)
        #expect(try AppConfig.load(from: ["LIAISON_SQLITE_LOG_SYNC": "Inline"]).sqliteLogSync == .inline)
        #expect(throws: ConfigError.self) { try AppConfig.load(from: ["LIAISON_SQLITE_LOG_SYNC": "never"]) }
        try await withTestApp(["LIAISON_SQLITE_LOG_SYNC": "inline"]) { (app: TestApp) async throws in
            #expect(app.app.context.writer.committer.thread?.syncer == nil)
        }
        try await withTestApp { (app: TestApp) async throws in
            guard let thread = app.app.context.writer.committer.thread else { return }  // PostgreSQL
            #expect(thread.syncer != nil)
            let metrics = try await APIClient(app: app).call(.GET, "/metrics").text
            for name in ["liaison_write_run_cpu_seconds", "liaison_write_commit_cpu_seconds", "liaison_sqlite_log_syncs"] {
                #expect(metrics.contains(name), "\(name) missing from /metrics")
            }
        }
    }

    @Test func aMetricsTokenProtectsMetrics() async throws {
        try await withTestApp(["LIAISON_METRICS_TOKEN": "scrape-secret"]) { (app: TestApp) async throws in
            #expect(try await APIClient(app: app).call(.GET, "/metrics").status == .unauthorized)
            #expect(try await APIClient(app: app, token: "scrape-secret").call(.GET, "/metrics").status == .ok)
        }
    }

    @Test func aBadSettingIsNamedAndStopsTheServer() {
        #expect(throws: ConfigError.self) { try AppConfig.load(from: ["LIAISON_PORT": "http"]) }
        do {
            _ = try AppConfig.load(from: [
                "LIAISON_PORT": "99999", "LIAISON_DATABASE_URL": "mysql://x", "LIAISON_LOG_LEVEL": "loud",
            ])
        } catch {
            let names = error.problems.map(\.setting)
            #expect(names == ["LIAISON_PORT", "LIAISON_DATABASE_URL", "LIAISON_LOG_LEVEL"])
            #expect(error.description.contains("LIAISON_PORT=\"99999\""))
        }
        let config = try? AppConfig.load(from: [:])
        #expect(config?.port == 8080)
        #expect(config?.host == "127.0.0.1")
        #expect(config?.database == .sqliteFile(path: "./data/liaison.sqlite"))
    }

    @Test func theExampleEnvironmentFileListsEverySetting() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let example = try String(contentsOf: root.appendingPathComponent(".env.example"), encoding: .utf8)
        for setting in AppConfig.settings {
            #expect(example.contains("\(setting.name)="), "\(setting.name) missing from .env.example")
        }
    }
}

@Suite struct JobTests {
    @Test func expiredSessionsAreRemovedByTheRecurringJob() async throws {
        try await withTestApp(["LIAISON_SESSION_IDLE_HOURS": "1"]) { (app: TestApp) async throws in
            try await app.person("s@test.local")
            try await Browser(app).signIn("s@test.local", "Test-Passw0rd!")
            let runner = app.app.jobRunner
            try await runner.scheduleRecurring(app.app)
            // The housekeeping jobs, the SLA sweep, the calendar check, the mail poll, the announcements' look of
            // the current slot, the feedback stamps' purge, the requirements' assessment reminder and the
            // communication-plan sweep.
            #expect(try await runner.runDue(app.app) == 10)
            app.clock.advance(by: 2 * 3600)
            try await runner.scheduleRecurring(app.app)
            #expect(try await runner.runDue(app.app) >= 1)
            let entries = try await AuditQueries.list(
                AuditFilter(action: AuditAction.sessionsExpired.rawValue), page: PageQuery(), on: app.db)
            #expect(entries.items.count == 1)
            #expect(entries.items.first?.changes.contains("\"count\":\"1\"") == true)
        }
    }

    @Test func aFailingJobIsRetriedWithBackoffThenGivesUp() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let attempts = AttemptCounter()
            let runner = JobRunner(
                handlers: [JobHandler(kind: "test.flaky") { _, _ in
                    await attempts.increment()
                    throw Abort(.serviceUnavailable, reason: "downstream is down")
                }],
                recurring: [], retry: RetryPolicy(base: 10, cap: 60, maxAttempts: 3))
            let now = app.clock.now
            try await app.app.write { tx in
                try await JobQueue.enqueue(kind: "test.flaky", runAt: now, uniqueKey: "one", maxAttempts: 3, now: now, on: tx)
            }
            #expect(try await runner.runDue(app.app) == 1)
            #expect(try await runner.runDue(app.app) == 0)  // waiting out the backoff
            app.clock.advance(by: 10)
            #expect(try await runner.runDue(app.app) == 1)
            app.clock.advance(by: 19)
            #expect(try await runner.runDue(app.app) == 0)
            app.clock.advance(by: 1)
            #expect(try await runner.runDue(app.app) == 1)
            app.clock.advance(by: 3600)
            #expect(try await runner.runDue(app.app) == 0)
            let job = try await JobQueue.find(kind: "test.flaky", uniqueKey: "one", on: app.db)
            #expect(job?.status == .failed)
            #expect(job?.attempts == 3)
            #expect(job?.lastError?.contains("downstream is down") == true)
            #expect(await attempts.value == 3)
        }
    }

    @Test func aJobClaimedByAProcessThatDiedRunsAgainWhenItsLeaseEnds() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let now = app.clock.now
            try await app.app.write { tx in
                try await JobQueue.enqueue(kind: "test.once", runAt: now, uniqueKey: "k", now: now, on: tx)
                // A worker claims it and then vanishes without reporting.
                _ = try await JobQueue.claim(worker: "dead-worker", now: now, lease: 300, limit: 10, on: tx)
            }
            let ran = AttemptCounter()
            let runner = JobRunner(
                handlers: [JobHandler(kind: "test.once") { _, _ in await ran.increment() }], recurring: [])
            #expect(try await runner.runDue(app.app) == 0)
            app.clock.advance(by: 301)
            #expect(try await runner.runDue(app.app) == 1)
            #expect(await ran.value == 1)
            #expect(try await JobQueue.find(kind: "test.once", uniqueKey: "k", on: app.db)?.status == .succeeded)
        }
    }

    @Test func schedulingTheSameSlotTwiceQueuesOneJob() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let now = app.clock.now
            let first = try await app.app.write { tx in
                try await JobQueue.enqueue(kind: "k", runAt: now, uniqueKey: "slot-1", now: now, on: tx)
            }
            let second = try await app.app.write { tx in
                try await JobQueue.enqueue(kind: "k", runAt: now, uniqueKey: "slot-1", now: now, on: tx)
            }
            #expect(first && !second)
            #expect(try await JobQueue.counts(on: app.db)[.queued] == 1)
        }
    }
}

actor AttemptCounter {
    private(set) var value = 0
    func increment() { value += 1 }
}

@Suite struct BodySafetyTests {
    @Test func aMultipartBodyWithBinaryHeaderNamesIsRefusedNotFatal() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (_, token) = try await app.admin()
            var headers = HTTPHeaders()
            headers.add(name: .authorization, value: "Bearer \(token)")
            headers.contentType = HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": "xyz"])
            var body = ByteBuffer()
            body.writeString("--xyz\r\n")
            body.writeBytes([0xB2, 0x1A, 0xDA, 0x85, 0xA2])
            body.writeString("--xyz--\r\n")
            let response = try await app.tester.sendRequest(.POST, "/api/v1/imports", headers: headers, body: body)
            #expect(response.status == .badRequest)
            #expect(try await APIClient(app: app).call(.GET, "/healthz").status == .ok)
        }
    }

    @Test func utf8FileNamesInPartHeaderValuesAreFine() {
        var body = ByteBuffer()
        body.writeString("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"合同.pdf\"\r\n\r\n%PDF\r\n--b--\r\n")
        #expect(MultipartGuard.headersAreSafe(body, boundary: "b"))
    }
}
