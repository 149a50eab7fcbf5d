import FluentKit
import Foundation
import LiaisonCore
import LiaisonData
import Logging
import NIOConcurrencyHelpers
import SQLKit
import Testing
import Vapor

@testable import LiaisonApp

/// Keeps what a logger was told.
struct CapturingLogHandler: LogHandler {
    let lines: NIOLockedValueBox<[String]>
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        lines.withLockedValue { $0.append("\(event.level) \(event.message)") }
    }
}

/// The audit anchor moves with every commit, so that cutting entries off the trail's end shows at once; copies
/// kept elsewhere catch a trail rewritten together with the data folder.
@Suite struct AuditAnchorTests {
    private func appendEntry(_ app: TestApp, _ n: Int) async throws {
        let now = app.clock.now
        try await app.app.write { tx in
            try await AuditLog.append(
                .departmentCreated, recordType: .department, recordID: "d\(n)", by: .system("test"), at: now, on: tx)
        }
    }

    private func head(_ app: TestApp) async throws -> AuditAnchor {
        try #require(try await AuditLog.head(at: app.clock.now, on: app.db))
    }

    @Test func theAnchorFollowsEachCommittedWrite() async throws {
        try await withTestApp { (app: TestApp) async throws in
            for n in 1...3 {
                // MUT
                try await appendEntry(app, n)
                await app.app.auditAnchorKeeper.settle()

                // validate
                let anchor = try #require(try app.app.auditAnchor.read())
                let head = try await head(app)
                #expect(anchor.sequence == head.sequence)
                #expect(anchor.hash == head.hash)
            }
        }
    }

    @Test func theAnchorFollowsGroupsOfConcurrentWrites() async throws {
        try await withTestApp { (app: TestApp) async throws in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for n in 1...40 { group.addTask { try await appendEntry(app, n) } }
                try await group.waitForAll()
            }
            await app.app.auditAnchorKeeper.settle()
            let anchor = try #require(try app.app.auditAnchor.read())
            #expect(anchor.sequence == Int64(try await AuditQueries.count(on: app.db)))
            #expect(anchor.hash == (try await head(app)).hash)
        }
    }

    @Test func verifyNamesTheNewestEntriesDeletedStraightAfterTheirCommit() async throws {
        try await withTestApp { (app: TestApp) async throws in
            for n in 1...6 { try await appendEntry(app, n) }
            await app.app.auditAnchorKeeper.settle()
            let last = Int64(try await AuditQueries.count(on: app.db))

            // MUT: the three newest entries go, straight in SQL, before any job ran
            try await app.db.sql.raw("DELETE FROM audit_entries WHERE id > \(bind: last - 3)").run()
            let output = try await app.run(AuditVerifyCommand(), [])

            // validate
            #expect(app.app.exitCode == 1)
            #expect(output.contains("BROKEN at entry \(last - 2)"), "\(output)")
            #expect(output.contains("entries \(last - 2) to \(last) (3) are missing"), "\(output)")
            #expect(output.contains("recorded entries up to \(last)"), "\(output)")
        }
    }

    @Test func writesAfterACutDoNotMoveTheAnchorAlongTheShortenedTrail() async throws {
        try await withTestApp { (app: TestApp) async throws in
            for n in 1...4 { try await appendEntry(app, n) }
            await app.app.auditAnchorKeeper.settle()
            let anchored = try #require(try app.app.auditAnchor.read())
            try await app.db.sql.raw(
                "DELETE FROM audit_entries WHERE id > \(bind: anchored.sequence - 2)"
            )
            .run()

            // Writes go on and grow the trail past the anchor again, with fresh hashes.
            for n in 5...9 { try await appendEntry(app, n) }
            await app.app.auditAnchorKeeper.settle()

            #expect(try app.app.auditAnchor.read() == anchored)
            let output = try await app.run(AuditVerifyCommand(), [])
            #expect(output.contains("BROKEN at entry \(anchored.sequence)"), "\(output)")
            #expect(output.contains("rewritten"), "\(output)")
            #expect(try app.app.auditAnchor.read() == anchored)
        }
    }

    @Test func anAnchorKeptElsewhereCatchesATailRewrittenWithTheAnchorFile() async throws {
        try await withTestApp { (app: TestApp) async throws in
            for n in 1...5 { try await appendEntry(app, n) }
            await app.app.auditAnchorKeeper.settle()
            let copy = try #require(try app.app.auditAnchor.read())
            #expect(
                try await app.run(AuditVerifyCommand(), ["--anchor", "seq=\(copy.sequence) hash=\(copy.hash)"])
                    == "OK \(copy.sequence)\n")

            // Someone with the database and the data folder rewrites the last entries and the anchor file to match.
            try await app.db.sql.raw(
                "DELETE FROM audit_entries WHERE id > \(bind: copy.sequence - 2)"
            )
            .run()
            try await app.db.transaction { tx in
                for n in 1...4 {
                    try await AuditLog.append(
                        .departmentCreated, recordType: .department, recordID: "forged\(n)", by: .system("test"),
                        at: app.clock.now, on: tx)
                }
            }
            try app.app.auditAnchor.write(try await head(app))
            #expect(try await app.run(AuditVerifyCommand(), []).hasPrefix("OK "))
            #expect(app.app.exitCode == 0)

            // MUT: the copy from the log line
            let output = try await app.run(
                AuditVerifyCommand(), ["--anchor", "audit.anchor seq=\(copy.sequence) hash=\(copy.hash)"])

            // validate
            #expect(app.app.exitCode == 1)
            #expect(output.contains("BROKEN at entry \(copy.sequence)"), "\(output)")
            #expect(output.contains("the anchor given (\(copy.sequence):\(copy.hash.prefix(12))"), "\(output)")
            #expect(output.contains("rewritten"), "\(output)")
        }
    }

    @Test func anAnchorCopyThatIsNoAnchorIsRefused() async throws {
        try await withTestApp { (app: TestApp) async throws in
            _ = try await app.run(AuditVerifyCommand(), ["--anchor", "12:not-a-hash"])
            #expect(app.app.exitCode == 1)
        }
    }

    @Test func anchorCopiesAreReadInEitherForm() {
        let hash = String(repeating: "ab", count: 32)
        #expect(AuditAnchor(copy: "audit.anchor seq=1532 hash=\(hash)")?.sequence == 1532)
        #expect(AuditAnchor(copy: "seq=7 hash=\(hash.uppercased())")?.hash == hash)
        #expect(AuditAnchor(copy: "1532:\(hash)")?.sequence == 1532)
        #expect(AuditAnchor(copy: "1532:\(hash.prefix(63))") == nil)
        #expect(AuditAnchor(copy: "seq=0 hash=\(hash)") == nil)
        #expect(AuditAnchor(copy: "seq=x hash=\(hash)") == nil)
    }

    @Test func eachNewAnchorIsLoggedAndPostedTheNewestAtMostOncePerInterval() async throws {
        let lines = NIOLockedValueBox<[String]>([])
        let posted = NIOLockedValueBox<[Data]>([])
        let logger = Logger(label: "test") { _ in CapturingLogHandler(lines: lines) }
        let copies = AuditAnchorCopies(
            log: true, webhook: URL(string: "http://127.0.0.1:9/anchor"), source: "node-1",
            transport: .init { _, body in
                posted.withLockedValue { $0.append(Data(body.readableBytesView)) }
            }, logger: logger, interval: .milliseconds(200))
        let hash = String(repeating: "0f", count: 32)
        for sequence in 1...5 {
            copies.offer(AuditAnchor(sequence: Int64(sequence), hash: hash, recordedAt: TestApp.start))
        }
        await copies.close()

        let bodies = posted.withLockedValue { $0 }.compactMap {
            try? JSONSerialization.jsonObject(with: $0) as? [String: Any]
        }
        let sequences = bodies.compactMap { $0["sequence"] as? Int }
        #expect(sequences.last == 5)
        #expect(sequences.count <= 2, "anchors offered during the pause are replaced by the newest: \(sequences)")
        #expect(sequences == sequences.sorted())
        let body = try #require(bodies.last)
        #expect(body["hash"] as? String == hash)
        #expect(body["event"] as? String == "audit.anchor")
        #expect(body["source"] as? String == "node-1")
        #expect((body["recordedAt"] as? String)?.hasPrefix("2026-09-21T14:13:20") == true)
        #expect(lines.withLockedValue { $0 }.contains("notice audit.anchor seq=5 hash=\(hash)"))
    }

    @Test func aFailingWebhookIsLoggedAndTheNextAnchorStillGoesOut() async throws {
        let lines = NIOLockedValueBox<[String]>([])
        let attempts = NIOLockedValueBox(0)
        let copies = AuditAnchorCopies(
            log: false, webhook: URL(string: "http://127.0.0.1:9/anchor"), source: "node-1",
            transport: .init { _, _ in
                attempts.withLockedValue { $0 += 1 }
                throw AuditAnchorCopies.WebhookRefused(status: 503)
            }, logger: Logger(label: "test") { _ in CapturingLogHandler(lines: lines) }, interval: .zero)
        let hash = String(repeating: "0f", count: 32)
        copies.offer(AuditAnchor(sequence: 1, hash: hash, recordedAt: TestApp.start))
        while attempts.withLockedValue({ $0 }) < 1 { try await Task.sleep(for: .milliseconds(5)) }
        copies.offer(AuditAnchor(sequence: 2, hash: hash, recordedAt: TestApp.start))
        await copies.close()
        #expect(attempts.withLockedValue { $0 } == 2)
        #expect(lines.withLockedValue { $0 }.contains { $0.hasPrefix("warning") && $0.contains("HTTP 503") })
    }

    @Test func aRunningServerPostsItsAnchorsToTheWebhook() async throws {
        // setup: a listener on the loopback address that keeps what it is sent
        let received = NIOLockedValueBox<[AuditAnchorCopies.Received]>([])
        let listener = try await Application.make(.testing)
        listener.logger.logLevel = .warning
        listener.http.server.configuration.hostname = "127.0.0.1"
        listener.http.server.configuration.port = 0
        listener.post("anchor") { request -> HTTPStatus in
            let anchor = try request.content.decode(AuditAnchorCopies.Received.self)
            received.withLockedValue { $0.append(anchor) }
            return .noContent
        }
        do {
            try await listener.server.start(address: nil)
            let port = try #require(listener.http.server.shared.localAddress?.port)

            try await withTestApp(["LIAISON_AUDIT_ANCHOR_WEBHOOK": "http://127.0.0.1:\(port)/anchor"]) {
                (app: TestApp) async throws in
                // MUT
                try await appendEntry(app, 1)
                await app.app.auditAnchorKeeper.settle()

                // validate: the copy goes out from a task of its own; wait for it, a few seconds at most
                let head = try await head(app)
                for _ in 0..<500 where received.withLockedValue({ $0.last?.sequence }) != head.sequence {
                    try await Task.sleep(for: .milliseconds(10))
                }
                #expect(received.withLockedValue { $0.last?.sequence } == head.sequence)
                #expect(received.withLockedValue { $0.last?.hash } == head.hash)
            }
        } catch {
            await listener.server.shutdown()
            try await listener.asyncShutdown()
            throw error
        }
        await listener.server.shutdown()
        try await listener.asyncShutdown()
    }

    @Test func theAnchorSettingsAreChecked() throws {
        #expect(throws: ConfigError.self) { try AppConfig.load(from: ["LIAISON_AUDIT_ANCHOR_WEBHOOK": "ftp://x"]) }
        #expect(throws: ConfigError.self) { try AppConfig.load(from: ["LIAISON_AUDIT_ANCHOR_LOG": "sometimes"]) }
        let config = try AppConfig.load(from: [
            "LIAISON_AUDIT_ANCHOR_WEBHOOK": "https://audit.example.com/anchors", "LIAISON_AUDIT_ANCHOR_LOG": "on",
        ])
        #expect(config.auditAnchorWebhook?.host == "audit.example.com")
        #expect(config.auditAnchorLog)
    }
}

extension AuditAnchorCopies {
    /// What the webhook test's listener reads back.
    struct Received: Content {
        var sequence: Int64
        var hash: String
    }
}
