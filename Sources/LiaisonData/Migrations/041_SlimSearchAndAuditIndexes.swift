import FluentKit
import Foundation
import LiaisonCore
import SQLKit

/// Four indexes hold only what their reads use, or go:
/// - SQLite: the bigram index keeps no positions (`detail=none`): a Chinese two-character word is one token and
///   searches match single tokens, never phrases of them, so the positions were two thirds of its bytes for
///   nothing. Its entries are written again from the documents' text (`SearchText.bigramText`, as every write
///   makes them), in batches.
/// - Only names (customers, contacts) are found by their title key (`SearchQueries.nameQuery`, through
///   `search_docs_name`): other documents store it empty.
/// - The audit index by actor leaves out entries without one (customers writing in, the system): a search by
///   actor names one.
/// - SQLite: the audit index by time goes. Every write paid for an entry in it, for one rare read: a time span
///   alone on the audit page, a costly read on the reader threads that now reads the trail newest first (time
///   spans with an actor, a record or an action read that index and check the time).
struct SlimSearchAndAuditIndexes: AsyncMigration {
    static let batchSize = 2000
    static let rowsPerStatement = 200

    func prepare(on database: any Database) async throws {
        let sql = database.sql
        try await sql.raw("UPDATE search_docs SET title_key = '' WHERE kind NOT IN ('customer', 'contact')").run()
        try await sql.raw("DROP INDEX audit_actor").run()
        if Engine(database) == .postgres {
            try await sql.raw("CREATE INDEX audit_actor ON audit_entries (actor_id, id) WHERE actor_id IS NOT NULL")
                .run()
            return
        }
        try await sql.raw("CREATE INDEX audit_actor ON audit_entries (actor_id) WHERE actor_id IS NOT NULL").run()
        try await sql.raw("DROP INDEX audit_at").run()
        try await rebuildBigrams(detail: "none", on: database)
    }

    func revert(on database: any Database) async throws {
        let sql = database.sql
        try await refillTitleKeys(on: database)
        try await sql.raw("DROP INDEX audit_actor").run()
        if Engine(database) == .postgres {
            try await sql.raw("CREATE INDEX audit_actor ON audit_entries (actor_id, id)").run()
            return
        }
        try await sql.raw(#"CREATE INDEX "audit_actor" ON "audit_entries" ("actor_id")"#).run()
        try await sql.raw(#"CREATE INDEX "audit_at" ON "audit_entries" ("at_ms")"#).run()
        try await rebuildBigrams(detail: "full", on: database)
    }

    /// The title keys of the first documents of records other than names, worked out again from their titles.
    private func refillTitleKeys(on database: any Database) async throws {
        var last: Int64 = 0
        while true {
            let rows = try await database.sql.raw(
                """
                SELECT id, title FROM search_docs WHERE id > \(bind: last) AND part = 0
                    AND kind NOT IN ('customer', 'contact')
                ORDER BY id LIMIT \(literal: Self.batchSize)
                """
            ).all()
            guard let lastRow = rows.last else { return }
            try await database.transaction { tx in
                for row in rows {
                    let key = SearchText.normalise(try row.decode(column: "title", as: String.self))
                    let id = try row.decode(column: "id", as: Int64.self)
                    try await tx.sql.raw("UPDATE search_docs SET title_key = \(bind: key) WHERE id = \(bind: id)").run()
                }
            }
            last = try lastRow.decode(column: "id", as: Int64.self)
        }
    }

    /// SQLite: the bigram index made again with the given detail, its entries from the documents' text.
    private func rebuildBigrams(detail: String, on database: any Database) async throws {
        let sql = database.sql
        try await sql.raw("DROP TABLE search_bigram").run()
        try await sql.raw(
            """
            CREATE VIRTUAL TABLE search_bigram USING fts5(text, content='', contentless_delete=1,
                detail=\(unsafeRaw: detail))
            """
        ).run()
        // As 025 set it: replaced entries are dropped by the regular merges.
        try await sql.raw("INSERT INTO search_bigram (search_bigram, rank) VALUES ('deletemerge', 0)").run()
        var last: Int64 = 0
        while true {
            let rows = try await sql.raw(
                "SELECT id, text FROM search_docs WHERE id > \(bind: last) ORDER BY id LIMIT \(literal: Self.batchSize)"
            ).all()
            guard let lastRow = rows.last else { break }
            let entries = try rows.map { row in
                (try row.decode(column: "id", as: Int64.self),
                 SearchText.bigramText(try row.decode(column: "text", as: String.self)))
            }
            try await database.transaction { tx in
                var start = 0
                while start < entries.count {
                    let chunk = entries[start..<min(start + Self.rowsPerStatement, entries.count)]
                    let values = SQLList(chunk.map { SQLGroupExpression([SQLBind($0.0), SQLBind($0.1)]) })
                    try await tx.sql.raw("INSERT INTO search_bigram (rowid, text) VALUES \(values)").run()
                    start += Self.rowsPerStatement
                }
            }
            last = try lastRow.decode(column: "id", as: Int64.self)
        }
        try await sql.raw("INSERT INTO search_bigram (search_bigram) VALUES ('optimize')").run()
    }
}
