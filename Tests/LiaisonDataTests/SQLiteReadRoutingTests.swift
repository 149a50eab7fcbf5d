import FluentKit
import Foundation
import LiaisonCore
import NIOCore
import NIOPosix
import SQLKit
import Testing

@testable import LiaisonData

/// Where reads run: costly reads (searches, broad lists, exports) on the reader threads, cheap ones where they are
/// asked for, and a statement that meets a busy database away from the reader threads (on an event loop, say) on
/// a reader thread, so that the loop keeps serving its other connections. Routing is checked by counting where
/// statements ran, never by time.
@Suite struct SQLiteReadRoutingTests {
    private let admin = CustomerViewer(userID: UUID(), roles: [.admin])

    struct Count: Decodable { var n: Int }

    private func counts(_ db: any Database) throws -> ReadCounts {
        try #require(db.readCounts)
    }

    @Test func aCostlyReadRunsItsCodeAndItsStatementsOnTheReaderThreads() async throws {
        try await withDatabase { (db: any Database, _: Writer) async throws in
            guard Engine(db) == .sqlite else { return }
            let readers = try #require((db as? SQLiteDirectDatabase)?.pool?.readers)
            #expect(!readers.isCurrent)
            let before = try counts(db)
            let (onReaders, nestedOnReaders) = try await db.costlyRead { db in
                let sql = db.sql
                for _ in 0..<3 {
                    _ = try await sql.raw("SELECT count(*) AS n FROM customers").first(decoding: Count.self)
                }
                // A costly read inside another stays where it is.
                let nested = try await db.costlyRead { db in
                    _ = try await db.sql.raw("SELECT 1 AS n").first(decoding: Count.self)
                    return readers.isCurrent
                }
                return (readers.isCurrent, nested)
            }
            let after = try counts(db)
            #expect(onReaders && nestedOnReaders)
            #expect(after.costlyReads == before.costlyReads + 1)
            #expect(after.onReaders == before.onReaders + 4)
            #expect(after.elsewhere == before.elsewhere)
            #expect(!readers.isCurrent)

            // Inside a transaction, which holds the write lock, a costly read stays where it is: a reader thread may
            // be waiting for that very lock.
            let inTransaction = try await db.transaction { tx in
                try await tx.costlyRead { _ in readers.isCurrent }
            }
            #expect(!inTransaction)
            #expect(try counts(db).costlyReads == after.costlyReads)
        }
    }

    @Test func searchesAndBroadListsAreCostlyAndQueuesAreNot() async throws {
        try await withDatabase { (db: any Database, _: Writer) async throws in
            guard Engine(db) == .sqlite else { return }
            let agent = CustomerViewer(userID: UUID(), roles: [.agent])
            let page = PageQuery(limit: 20)
            func costly(_ read: () async throws -> Void) async throws -> Bool {
                let before = try counts(db).costlyReads
                try await read()
                return try counts(db).costlyReads == before + 1
            }
            #expect(try await costly { _ = try await SearchQueries.search("发票", for: agent, on: db) })
            // The queues of open requests read the partial indexes in order: cheap.
            #expect(
                try await !costly {
                    _ = try await RequestQueries.list(.init(assigneeID: agent.userID), page: page, for: agent, on: db)
                })
            #expect(
                try await !costly {
                    _ = try await RequestQueries.list(.init(queueID: UUID()), page: page, for: agent, on: db)
                })
            #expect(try await !costly { _ = try await RequestQueries.list(.init(), page: page, for: admin, on: db) })
            #expect(
                try await costly {
                    _ = try await RequestQueries.list(.init(statuses: [.closed]), page: page, for: admin, on: db)
                })
            #expect(
                try await costly {
                    _ = try await RequestQueries.list(.init(breachedOnly: true), page: page, for: admin, on: db)
                })
            #expect(
                try await costly {
                    _ = try await RequestQueries.list(.init(kinds: [.complaint]), page: page, for: admin, on: db)
                })
            #expect(try await !costly { _ = try await CustomerQueries.list(.init(), page: page, for: agent, on: db) })
            #expect(
                try await costly {
                    _ = try await CustomerQueries.list(.init(text: "港"), page: page, for: agent, on: db)
                })
            #expect(
                try await costly {
                    _ = try await CustomerQueries.list(.init(tag: "重点"), page: page, for: agent, on: db)
                })
            #expect(try await costly { _ = try await CustomerQueries.count(for: agent, on: db) })
            #expect(try await !costly { _ = try await AuditQueries.list(.init(), page: page, on: db) })
            #expect(try await !costly { _ = try await AuditQueries.list(.init(actorID: UUID()), page: page, on: db) })
            #expect(
                try await !costly {
                    _ = try await AuditQueries.list(.init(recordType: "customer", recordID: "x"), page: page, on: db)
                })
            // The record index is keyed by the record's id: an id alone reads it, a type alone does not.
            #expect(try await !costly { _ = try await AuditQueries.list(.init(recordID: "x"), page: page, on: db) })
            #expect(
                try await costly { _ = try await AuditQueries.list(.init(recordType: "customer"), page: page, on: db) })
            #expect(
                try await costly { _ = try await AuditQueries.list(.init(action: "customer."), page: page, on: db) })
            #expect(try await costly { _ = try await AuditQueries.list(.init(from: Date()), page: page, on: db) })
            #expect(
                try await costly {
                    _ = try await AuditQueries.list(
                        .init(actorID: UUID(), action: "customer.created"), page: page, on: db)
                })
        }
    }

    @Test func withoutReaderThreadsACostlyReadRunsWhereItIsAskedFor() async throws {
        try await withDatabase { (db: any Database, _: Writer) async throws in
            guard let direct = db as? SQLiteDirectDatabase, let path = direct.pool?.path else { return }
            let pool = SQLiteConnectionPool(path: path, readerThreads: 0)
            defer { pool.close() }
            let plain = SQLiteDirectDatabase(route: .pool(pool), context: db.context)
            let ran = try await plain.costlyRead { db in
                try await db.sql.raw("SELECT count(*) AS n FROM customers").first(
                    decoding: Count.self)?.n
            }
            #expect(ran == 0)
            #expect(
                pool.readCounts
                    == ReadCounts(onEventLoops: 0, onReaders: 0, elsewhere: 1, costlyReads: 0, movedWhenBusy: 0))
        }
    }

    /// Another connection holds the write lock; a write asked for on an event loop waits there only briefly, then
    /// on a reader thread as long as it takes, while the loop goes on running other work.
    @Test func aStatementThatMeetsABusyDatabaseOnAnEventLoopWaitsOnAReaderThread() async throws {
        try await withDatabase { (db: any Database, _: Writer) async throws in
            guard let direct = db as? SQLiteDirectDatabase, let path = direct.pool?.path else { return }
            let sql = db.sql
            try await sql.raw("CREATE TABLE scratch (k TEXT PRIMARY KEY)").run()
            let holder = try SQLiteHandle(path: path)
            defer { holder.close() }
            try holder.run("BEGIN IMMEDIATE", [])
            try holder.run("INSERT INTO scratch (k) VALUES ('先')", [])

            let before = try counts(db)
            let loop = MultiThreadedEventLoopGroup.singleton.next()
            let insert = loop.flatSubmit {
                sql.execute(sql: SQLRaw("INSERT INTO scratch (k) VALUES ('后')")) { _ in }
            }
            try await until { (try? counts(db).movedWhenBusy) == before.movedWhenBusy + 1 }
            // The loop is free while the statement waits for the lock elsewhere.
            #expect(try await loop.submit { true }.get())
            try holder.run("COMMIT", [])
            try await insert.get()

            let after = try counts(db)
            #expect(after.onEventLoops == before.onEventLoops + 1, "tried once on the loop")
            #expect(after.onReaders == before.onReaders + 1, "then ran on a reader thread")
            let rows = try await sql.raw("SELECT count(*) AS n FROM scratch").first(decoding: Count.self)?.n
            #expect(rows == 2)
        }
    }
}
