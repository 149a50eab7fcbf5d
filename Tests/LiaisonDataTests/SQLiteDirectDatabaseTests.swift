import FluentKit
import Foundation
import LiaisonCore
import SQLKit
import SQLiteKit
import SQLiteNIO
import Testing

@testable import LiaisonData

/// Liaison's SQLite driver: writes run on the dedicated connection's thread, search entries are written at the end
/// of a group (and only for writes that succeeded), errors keep SQLite's codes, the log is checkpointed elsewhere,
/// transactions outside `Writer` keep one connection of the pool to themselves, and kept statements keep their plans.
@Suite struct SQLiteDirectDatabaseTests {
    private let admin = CustomerViewer(userID: UUID(), roles: [.admin])

    struct Refused: Error {}

    private func index(_ title: String, on tx: any Database) async throws -> UUID {
        let id = UUID()
        try await SearchIndex.upsert(
            .customer, refID: id, customerID: id, classification: .internal, title: title, text: title + " 合同",
            updatedAt: Date(), on: tx)
        return id
    }

    @Test func aGroupIndexesItsSuccessfulWritesOnlyAndTheirWordsAreFoundAfterwards() async throws {
        try await withDatabase { (db: any Database, writer: Writer) async throws in
            guard Engine(db) == .sqlite else { return }
            #expect(writer.committer.thread != nil, "SQLite writes go through the dedicated connection")
            let outcomes = await withTaskGroup(of: (Int, UUID?).self) { group in
                for index in 0..<40 {
                    group.addTask {
                        let id = try? await writer.write(on: db) { tx in
                            let id = try await self.index("客户\(index)号 client\(index)x", on: tx)
                            if index % 4 == 0 { throw Refused() }
                            return id
                        }
                        return (index, id)
                    }
                }
                return await group.reduce(into: [Int: UUID?]()) { $0[$1.0] = $1.1 }
            }
            #expect(writer.committer.counts.transactions < 40, "the writes were grouped")
            for (index, id) in outcomes {
                let hits = try await SearchQueries.search("client\(index)x", for: admin, on: db)
                let textHits = try await SearchQueries.search("客户\(index)号", for: admin, on: db)
                if index % 4 == 0 {
                    #expect(id == nil)
                    #expect(hits.isEmpty && textHits.isEmpty, "a failed write leaves no index entry")
                } else {
                    #expect(hits.map(\.refID) == [id!])
                    #expect(textHits.map(\.refID) == [id!])
                }
            }
            // Words from the text (not the names) are found through the full-text tables: all 30 survivors.
            let contracts = try await SearchQueries.search("合同", limit: 100, for: admin, on: db)
            #expect(Set(contracts.map(\.refID)) == Set(outcomes.values.compactMap { $0 }))
            #expect(contracts.count == 30)
            // Each full-text table keeps a size row per indexed document: none for the failed writes.
            struct Count: Decodable { var n: Int }
            for table in ["search_trigram_docsize", "search_bigram_docsize"] {
                let rows = try await db.sql.raw("SELECT count(*) AS n FROM \(unsafeRaw: table)")
                    .first(decoding: Count.self)?.n
                #expect(rows == 30, "\(table)")
            }
        }
    }

    @Test func theLastWriteOfAGroupFailingLeavesNoIndexEntryBehind() async throws {
        try await withDatabase { (db: any Database, writer: Writer) async throws in
            guard Engine(db) == .sqlite else { return }
            // A write held open keeps the connection while two more queue up behind it: they then form one group,
            // the successful one first, the failing one last (nothing after it reuses its document number).
            let gate = AsyncStream<Void>.makeStream()
            async let held: Void = writer.write(on: db) { _ in
                for await _ in gate.stream { break }
            }
            try await until { writer.committer.counts.transactions == 1 }
            async let good = writer.write(on: db) { tx in try await self.index("成功 good", on: tx) }
            try await until { writer.committer.waiting == 1 }
            async let bad: UUID = writer.write(on: db) { tx in
                _ = try await self.index("失败 bad", on: tx)
                throw Refused()
            }
            try await until { writer.committer.waiting == 2 }
            gate.continuation.yield()
            gate.continuation.finish()
            try await held
            let goodID = try await good
            let badOutcome: Result<UUID, any Error>
            do { badOutcome = .success(try await bad) } catch { badOutcome = .failure(error) }
            #expect(throws: Refused.self) { try badOutcome.get() }
            #expect(writer.committer.counts.transactions == 2, "the two queued writes shared one transaction")
            #expect(writer.committer.reruns == 1, "the group ran again, with savepoints, after its last write failed")
            struct Count: Decodable { var n: Int }
            for table in ["search_trigram_docsize", "search_bigram_docsize"] {
                let rows = try await db.sql.raw("SELECT count(*) AS n FROM \(unsafeRaw: table)")
                    .first(decoding: Count.self)?.n
                #expect(rows == 1, "\(table)")
            }
            #expect(try await SearchQueries.search("good", for: admin, on: db).map(\.refID) == [goodID])
        }
    }

    @Test func aDocumentRemovedInTheWriteThatIndexedItLeavesNothing() async throws {
        try await withDatabase { (db: any Database, writer: Writer) async throws in
            let id = try await writer.write(on: db) { tx in
                let id = try await self.index("短暂记录 transient", on: tx)
                try await SearchIndex.remove(refID: id, on: tx)
                return id
            }
            #expect(try await SearchQueries.search("transient", for: admin, on: db).isEmpty)
            #expect(try await SearchQueries.search("短暂记录", for: admin, on: db).isEmpty)
            let kept = try await writer.write(on: db) { tx in try await self.index("保留记录 kept", on: tx) }
            #expect(try await SearchQueries.search("kept", for: admin, on: db).map(\.refID) == [kept])
            #expect(id != kept)
        }
    }

    @Test func writesRunOnTheWriterThreadAndConstraintErrorsKeepTheirCode() async throws {
        try await withDatabase { (db: any Database, writer: Writer) async throws in
            guard Engine(db) == .sqlite, let thread = writer.committer.thread else { return }
            let onWriter = try await writer.write(on: db) { tx in
                _ = try await tx.sql.raw("SELECT 1 AS one").all()
                return thread.loop.inEventLoop
            }
            #expect(onWriter)
            let sql = db.sql
            try await sql.raw("CREATE TABLE scratch (k TEXT PRIMARY KEY, v TEXT)").run()
            try await writer.write(on: db) { tx in
                try await tx.sql.raw("INSERT INTO scratch (k, v) VALUES ('唯一', 'first')").run()
            }
            do {
                try await writer.write(on: db) { tx in
                    try await tx.sql.raw("INSERT INTO scratch (k, v) VALUES ('唯一', 'second')").run()
                }
                Issue.record("a duplicate primary key must fail")
            } catch let error as SQLiteFailure {
                #expect(error.isConstraintFailure, "\(error)")
                #expect(error.message.contains("UNIQUE"), "\(error)")
            }
            struct Value: Decodable { var v: String }
            #expect(try await sql.raw("SELECT v FROM scratch").all(decoding: Value.self).map(\.v) == ["first"])
        }
    }

    @Test func theLogIsCheckpointedByItsOwnConnection() async throws {
        try await withDatabase { (db: any Database, writer: Writer) async throws in
            guard Engine(db) == .sqlite, let thread = writer.committer.thread else { return }
            let sql = db.sql
            _ = try await sql.raw("PRAGMA journal_mode=WAL").all()
            try await sql.raw("CREATE TABLE scratch (k TEXT PRIMARY KEY, v TEXT)").run()
            let blob = String(repeating: "页", count: 3000)
            #expect(thread.checkpointer.threshold == 30_000)
            thread.checkpointer.threshold = 1000
            // Thousands of pages of log: past the 1,000 that now ask for a checkpoint.
            for round in 0..<120 {
                try await writer.write(on: db) { tx in
                    for item in 0..<10 {
                        try await tx.sql.raw(
                            "INSERT INTO scratch (k, v) VALUES (\(bind: "k\(round)-\(item)"), \(bind: blob))"
                        ).run()
                    }
                }
            }
            for _ in 0..<100 where thread.checkpointer.completed == 0 {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(thread.checkpointer.completed >= 1)
            // 1,200 rows of 9,000 bytes: two overflow pages each at least, counted across the log's restarts.
            #expect(thread.checkpointer.pagesLogged >= 2 * 1200)
        }
    }

    @Test func aTransactionOutsideTheWriterCommitsOrRollsBackOnItsOwnConnection() async throws {
        try await withDatabase { (db: any Database, _: Writer) async throws in
            guard Engine(db) == .sqlite else { return }
            let sql = db.sql
            try await sql.raw("CREATE TABLE scratch (k TEXT PRIMARY KEY, v TEXT)").run()
            struct Value: Decodable { var v: String }
            try await db.transaction { tx in
                #expect(tx.inTransaction)
                try await tx.sql.raw("INSERT INTO scratch (k, v) VALUES ('a', '保存')").run()
                // Other connections do not see it before COMMIT.
                #expect(try await sql.raw("SELECT v FROM scratch").all(decoding: Value.self).isEmpty)
                // A nested transaction is part of this one.
                try await tx.transaction { inner in
                    try await inner.sql.raw("INSERT INTO scratch (k, v) VALUES ('b', '嵌套')").run()
                }
            }
            await #expect(throws: Refused.self) {
                try await db.transaction { tx in
                    try await tx.sql.raw("INSERT INTO scratch (k, v) VALUES ('c', '撤销')").run()
                    throw Refused()
                }
            }
            // A transaction begun on a held connection is a real one too.
            await #expect(throws: Refused.self) {
                try await db.withConnection { held in
                    try await held.transaction { tx in
                        try await tx.sql.raw("INSERT INTO scratch (k, v) VALUES ('d', '也撤销')").run()
                        throw Refused()
                    }
                }
            }
            let values = try await sql.raw("SELECT v FROM scratch ORDER BY k").all(decoding: Value.self).map(\.v)
            #expect(values == ["保存", "嵌套"])
        }
    }

    @Test func schemaChangesSQLiteCannotMakeAreRefusedWithAClearError() async throws {
        try await withDatabase { (db: any Database, writer: Writer) async throws in
            guard Engine(db) == .sqlite else { return }
            try await db.schema("scratch").field("id", .int, .identifier(auto: true)).field("name", .string).create()
            try await db.schema("scratch").field("note", .string).update()
            do {
                try await db.schema("scratch").updateField("name", .int).update()
                Issue.record("changing a column's type must be refused")
            } catch let failure as SQLiteFailure {
                #expect(failure.message.contains("only supports adding columns"))
            }
            await #expect(throws: SQLiteFailure.self) {
                try await writer.write(on: db) { tx in try await tx.schema("other").field("id", .int).create() }
            }
        }
    }

    @Test func keptStatementsAreNotPreparedAgainWhenNewValuesAreBound() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("liaison-plans-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let handle = try SQLiteHandle(path: path)
        defer { handle.close() }
        try handle.run("CREATE TABLE a (id INTEGER PRIMARY KEY, b_id INTEGER, name TEXT)", [])
        try handle.run("CREATE TABLE b (id INTEGER PRIMARY KEY, flag INTEGER)", [])
        try handle.run("INSERT INTO b (id, flag) VALUES (1, 1), (2, 0)", [])
        try handle.run("INSERT INTO a (id, b_id, name) VALUES (1, 1, '甲'), (2, 2, '乙')", [])
        // A join with a bound value in its WHERE clause: without the planner stability guarantee SQLite would
        // prepare it again at every new binding.
        let join = "SELECT a.name FROM a JOIN b ON b.id = a.b_id WHERE a.name = ?1 AND b.flag = ?2"
        var names: [String] = []
        for (name, flag) in [("甲", 1), ("乙", 0), ("甲", 0), ("乙", 0)] {
            try handle.run(join, [.text(name), .integer(SQLiteInt64(flag))]) { row in
                if case .text(let text)? = row.value("name") { names.append(text) }
            }
        }
        #expect(names == ["甲", "乙", "乙"])
        #expect(handle.reprepares(of: join) == 0)
    }

    enum Tint: String, Codable, Equatable { case red, 红 }

    @Test func columnsDecodeAsSQLiteKitDecodesThem() throws {
        let decoder = SQLiteDataDecoder()
        var samples: [SQLiteData] = [
            .integer(0), .integer(1), .integer(-7), .integer(2), .float(0), .float(1_790_000_000.123456789), .float(-1.5),
            .text(""), .text("客户 client"), .text("red"), .text("红"), .text(UUID().uuidString), .text("42"), .null,
        ]
        for _ in 0..<300 {
            samples.append(.float(Double.random(in: -4e9...4e9)))
            samples.append(.integer(SQLiteInt64(Int.random(in: -4_000_000_000...4_000_000_000))))
        }
        func check<D: Decodable & Equatable>(_ type: D.Type) {
            for data in samples {
                let row = SQLiteDirectRow(row: SQLiteResultRow(columns: SQLiteResultColumns(names: ["c"]), values: [data]), decoder: decoder)
                let expected = try? decoder.decode(D.self, from: data)
                let actual = try? row.decode(column: "c", as: D.self)
                #expect(actual == expected, "\(D.self) from \(data)")
            }
        }
        check(String.self)
        check(Int.self)
        check(Int64.self)
        check(Double.self)
        check(Float.self)
        check(Bool.self)
        check(Date.self)
        check(UUID.self)
        check(Tint.self)
        check(String?.self)
        check(Date?.self)
        check(Int?.self)
        check([String].self)
    }
    @Test func boundValuesConvertAsSQLiteKitConvertsThem() throws {
        let encoder = SQLiteDataEncoder()
        let now = Date()
        let values: [any Encodable & Sendable] = [
            "", "客户 client", UUID(), 0, -7, Int.max, Int64(42), 1.5, -0.0, true, false, now,
            Date(timeIntervalSince1970: 1_790_000_000.123456), String?.none, String?.some("红"), UUID?.none,
            UUID?.some(UUID()), Int?.none, Int?.some(3), Int64?.some(9), Double?.none, Double?.some(2.25), Date?.none,
            Date?.some(now), ["a", "b"], Tint.red, Int32(5),
        ]
        for value in values {
            #expect(try SQLiteDirectDatabase.data(of: value, encoder) == encoder.encode(value), "\(type(of: value)) \(value)")
        }
    }

    @Test func aGroupsIndexStatementsRunTableByTableInRowOrder() {
        func statement(_ sql: String, _ table: String?, _ id: Int64) -> DeferredStatements.Statement {
            DeferredStatements.Statement(sql: sql, binds: [.integer(Int(id))], row: table.map { .init(table: $0, id: id) })
        }
        let given = [
            statement("REPLACE t 9", "search_trigram", 9), statement("REPLACE b 9", "search_bigram", 9),
            statement("REPLACE t 3", "search_trigram", 3), statement("REPLACE b 3", "search_bigram", 3),
            statement("DELETE t 5", "search_trigram", 5), statement("REPLACE t 5", "search_trigram", 5),
            statement("OTHER", nil, 0), statement("REPLACE t 3 again", "search_trigram", 3),
            statement("DELETE t 1", "search_trigram", 1),
        ]
        #expect(DeferredStatements.ordered(given).map(\.sql) == [
            "OTHER", "REPLACE b 3", "REPLACE b 9", "DELETE t 1", "REPLACE t 3", "REPLACE t 3 again", "DELETE t 5",
            "REPLACE t 5", "REPLACE t 9",
        ])
    }

    @Test func replacedIndexEntriesDoNotForceWholeLevelRewrites() async throws {
        try await withDatabase { (db: any Database, _: Writer) async throws in
            guard Engine(db) == .sqlite else { return }
            struct Setting: Decodable { var v: Int }
            for table in ["search_trigram", "search_bigram"] {
                let value = try await db.sql.raw(
                    "SELECT v FROM \(ident: table + "_config") WHERE k = 'deletemerge'"
                ).first(decoding: Setting.self)
                #expect(value?.v == 0, "\(table)")
            }
        }
    }
    /// The write connection's log writes are gathered in memory until the log is synced, and passed on in pieces
    /// the default VFS accepts (it fails writes of exactly 128 KiB multiples): a 3 MB transaction must reach the
    /// file whole and be read back by another connection.
    @Test func aLargeTransactionReachesTheLogWhole() async throws {
        try await withDatabase { (db: any Database, writer: Writer) async throws in
            guard Engine(db) == .sqlite, let thread = writer.committer.thread else { return }
            let sql = db.sql
            _ = try await sql.raw("PRAGMA journal_mode=WAL").all()
            try await sql.raw("CREATE TABLE scratch (k INTEGER PRIMARY KEY, v TEXT)").run()
            let row = String(repeating: "日志", count: 5000)  // 30,000 bytes
            try await writer.write(on: db) { tx in
                for item in 0..<100 {
                    try await tx.sql.raw("INSERT INTO scratch (k, v) VALUES (\(bind: item), \(bind: row))").run()
                }
            }
            #expect(thread.checkpointer.pagesLogged >= 700)
            let reader = try SQLiteHandle(path: thread.path)
            defer { reader.close() }
            var count = 0
            var characters = 0
            try reader.run("SELECT count(*), sum(length(v)) FROM scratch WHERE v = ?", [.text(row)]) { result in
                if case .integer(let rows)? = result.values.first { count = rows }
                if case .integer(let length)? = result.values.last { characters = length }
            }
            #expect(count == 100)
            #expect(characters == 100 * 10_000)
        }
    }

    @Test func newFilesUseTwoKilobytePagesAndOldOnesKeepTheirs() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("liaison-pages-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func pageSize(_ handle: SQLiteHandle) throws -> Int {
            var size = 0
            try handle.run("PRAGMA page_size", []) { if case .integer(let value)? = $0.values.first { size = value } }
            return size
        }
        let fresh = try SQLiteHandle(path: folder.appendingPathComponent("new.sqlite").path)
        try fresh.run("CREATE TABLE t (v TEXT)", [])
        #expect(try pageSize(fresh) == 2048)
        fresh.close()
        // A file made with another page size (here by a connection that sets 4 KiB first) keeps it when reopened.
        let oldPath = folder.appendingPathComponent("old.sqlite").path
        let old = try SQLiteHandle(path: oldPath)
        try old.run("PRAGMA page_size = 4096", [])
        try old.run("CREATE TABLE t (v TEXT)", [])
        old.close()
        let reopened = try SQLiteHandle(path: oldPath)
        defer { reopened.close() }
        #expect(try pageSize(reopened) == 4096)
    }
}
