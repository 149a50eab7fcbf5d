import FluentKit
import Foundation
import LiaisonCore
import SQLKit
import Testing

@testable import LiaisonData

/// Many tasks at once through every way the engine reaches SQLite: pool reads, costly reads on the reader
/// threads (searches), group commits of several writes on the writer's thread, transactions outside the writer
/// on a held pool connection, the checkpointer's connection, and the change watch behind the versioned memos.
/// In debug builds every statement checks that its connection is not in use by another thread at that moment,
/// so a path that shared a connection would stop the test; the results are checked too.
@Suite struct SQLiteConcurrencyTests {
    private let start = Date(timeIntervalSince1970: 1_790_000_000)
    private let actor = AuditActor(userID: nil, label: "tester", address: "127.0.0.1")
    private let admin = CustomerViewer(userID: UUID(), roles: [.admin])

    struct Count: Decodable { var n: Int }

    @Test func concurrentReadsAndWritesThroughEveryPathAllSucceed() async throws {
        try await withDatabase { (db: any Database, writer: Writer) async throws in
            guard Engine(db) == .sqlite, let thread = writer.committer.thread else { return }
            let (start, actor, admin) = (self.start, self.actor, self.admin)
            let sql = db.sql
            _ = try await sql.raw("PRAGMA journal_mode=WAL").all()
            try await sql.raw("CREATE TABLE scratch (k TEXT PRIMARY KEY, v INTEGER)").run()
            // A checkpoint every few groups, on the checkpointer's own thread and connection.
            thread.checkpointer.threshold = 40
            let watch = SQLiteChangeWatch(path: thread.path)
            defer { watch.close() }
            let memo = VersionedMemo<Int>(watch: watch, capacity: 100)
            let (writers, writesEach, transactions) = (6, 8, 8)

            try await withThrowingTaskGroup(of: Void.self) { group in
                // Writes, gathered into groups of several on the writer's thread.
                for w in 0..<writers {
                    group.addTask {
                        for i in 0..<writesEach {
                            _ = try await writer.write(on: db) { tx in
                                try await CustomerCommands.create(
                                    try CustomerInput(name: "并发客户\(w)-\(i)", tags: ["并发"]).validated(),
                                    in: WriteContext(actor: actor, now: start), on: tx)
                            }
                        }
                    }
                }
                // Transactions outside the writer, each on a pool connection held for it.
                for t in 0..<transactions {
                    group.addTask {
                        try await db.transaction { tx in
                            let sql = tx.sql
                            try await sql.raw("INSERT INTO scratch (k, v) VALUES (\(bind: "t\(t)"), \(bind: t))").run()
                            let mine = try await sql.raw("SELECT count(*) AS n FROM scratch WHERE k = \(bind: "t\(t)")")
                                .first(decoding: Count.self)?.n
                            #expect(mine == 1)
                        }
                    }
                }
                // Pool reads, costly reads (searches on the reader threads), and memo reads through the watch.
                for r in 0..<12 {
                    group.addTask {
                        for _ in 0..<10 {
                            switch r % 3 {
                            case 0:
                                let page = try await CustomerQueries.list(
                                    CustomerFilter(sort: .newest), page: PageQuery(limit: 20), for: admin, on: db)
                                #expect(page.items.allSatisfy { $0.tags == ["并发"] })
                            case 1:
                                let hits = try await SearchQueries.search("并发客户", limit: 10, for: admin, on: db)
                                #expect(hits.allSatisfy { $0.title.hasPrefix("并发客户") })
                            default:
                                let counted = try await memo.value("customers") {
                                    try await sql.raw("SELECT count(*) AS n FROM customers").first(
                                        decoding: Count.self)?.n
                                }
                                #expect((counted ?? -1) >= 0)
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }

            let customers = try await sql.raw("SELECT count(*) AS n FROM customers").first(decoding: Count.self)?.n
            #expect(customers == writers * writesEach)
            #expect(writer.committer.counts.writes == writers * writesEach)
            #expect(writer.committer.counts.transactions < writers * writesEach, "writes were gathered into groups")
            let scratch = try await sql.raw("SELECT count(*) AS n FROM scratch").first(decoding: Count.self)?.n
            #expect(scratch == transactions)
            // Nothing stale: after the last commit the memo gives the count as it is now, and keeps it.
            let counted = try await memo.value("customers") {
                try await sql.raw("SELECT count(*) AS n FROM customers").first(decoding: Count.self)?.n
            }
            #expect(counted == writers * writesEach)
            #expect(await memo.value("customers") { nil } == writers * writesEach)
            let found = try await SearchQueries.search("并发客户", limit: 100, for: admin, on: db)
            #expect(found.count == writers * writesEach)
            for _ in 0..<200 where thread.checkpointer.completed == 0 { try await Task.sleep(for: .milliseconds(10)) }
            #expect(thread.checkpointer.completed >= 1)
            let counts = try #require(db.readCounts)
            #expect(counts.costlyReads >= 40, "the searches went to the reader threads")
            #expect(counts.onReaders > 0)
        }
    }
}
