import FluentKit
import Foundation
import LiaisonCore
import SQLKit

/// Names found as people type them in a picker (`LookupQueries`): a key index beside the first documents of
/// customers and contacts, holding `NameKeys.make` of their names (each Chinese character, the pinyin syllables,
/// the initials, the Latin words, positions kept so that a run of characters or syllables is matched in order).
///
/// - SQLite: `search_customer_names` and `search_contact_names`, FTS5 tables without content whose rowid is the
///   document's id, as the other two indexes; one per kind, so that a customer picker never walks past contacts
///   (three to one) to find customers. Replaced entries are dropped by the regular merges ('deletemerge' off, as
///   025 set for the others). Prefixes of one to three characters have their own entries: a picker's first
///   letters are its most common queries ("sh", initials "0sh"), and without them a prefix reads every posting of
///   every word that starts with it before the first match is returned.
/// - PostgreSQL: a `name_keys` text-search column on the documents, with a GIN index over the names.
///
/// - Both: the index of names by title key (024's `search_docs_name`) leads with the kind, so that a customer
///   lookup's "starts with" read does not step over every contact whose name starts alike (on 300,000 contacts,
///   "an" read 4,137 of them for no customer: 4.7 ms).
///
/// Existing names are indexed in batches.
struct AddNameLookup: AsyncMigration {
    static let batchSize = 2000

    func prepare(on database: any Database) async throws {
        let sql = database.sql
        switch Engine(database) {
        case .sqlite:
            for table in Self.tables {
                try await sql.raw(
                    """
                    CREATE VIRTUAL TABLE \(ident: table) USING fts5(keys, content='', contentless_delete=1,
                        prefix='1 2 3')
                    """
                ).run()
                try await sql.raw("INSERT INTO \(ident: table) (\(ident: table), rank) VALUES ('deletemerge', 0)").run()
            }
        case .postgres:
            try await sql.raw("ALTER TABLE search_docs ADD COLUMN name_keys tsvector").run()
            try await sql.raw(
                "CREATE INDEX search_docs_names ON search_docs USING gin (name_keys) WHERE name_keys IS NOT NULL"
            ).run()
        }
        try await sql.raw("DROP INDEX search_docs_name").run()
        try await sql.raw(
            "CREATE INDEX search_docs_name ON search_docs (kind, title_key) WHERE kind IN ('customer', 'contact')"
        ).run()
        try await fill(kind: "customer", names: "c.name, c.name_en", table: "customers", into: Self.tables[0], on: database)
        try await fill(kind: "contact", names: "c.name, NULL AS name_en", table: "contacts", into: Self.tables[1], on: database)
        if Engine(database) == .sqlite {
            for table in Self.tables {
                try await sql.raw("INSERT INTO \(ident: table) (\(ident: table)) VALUES ('optimize')").run()
            }
        }
    }

    func revert(on database: any Database) async throws {
        try await database.sql.raw("DROP INDEX search_docs_name").run()
        try await database.sql.raw(
            "CREATE INDEX search_docs_name ON search_docs (title_key) WHERE kind IN ('customer', 'contact')"
        ).run()
        switch Engine(database) {
        case .sqlite:
            for table in Self.tables { try await database.sql.raw("DROP TABLE \(ident: table)").run() }
        case .postgres:
            try await database.sql.raw("DROP INDEX search_docs_names").run()
            try await database.sql.raw("ALTER TABLE search_docs DROP COLUMN name_keys").run()
        }
    }

    /// The name indexes of customers and of contacts, as this migration made them.
    static let tables = ["search_customer_names", "search_contact_names"]

    private func fill(kind: String, names: String, table: String, into index: String, on database: any Database)
        async throws
    {
        var last: Int64 = 0
        while true {
            let rows = try await database.sql.raw(
                """
                SELECT d.id, \(unsafeRaw: names) FROM search_docs d JOIN \(ident: table) c ON c.id = d.ref_id
                WHERE d.kind = \(bind: kind) AND d.part = 0 AND d.id > \(bind: last)
                ORDER BY d.id LIMIT \(literal: Self.batchSize)
                """
            ).all()
            guard let lastRow = rows.last else { return }
            try await database.transaction { tx in
                for row in rows {
                    let id = try row.decode(column: "id", as: Int64.self)
                    let name = try row.decode(column: "name", as: String.self)
                    let english = try row.decode(column: "name_en", as: String?.self)
                    let keys = NameKeys.make([name] + (english.map { [$0] } ?? []))
                    switch Engine(tx) {
                    case .sqlite:
                        try await tx.sql.raw("INSERT INTO \(ident: index) (rowid, keys) VALUES (\(bind: id), \(bind: keys))")
                            .run()
                    case .postgres:
                        try await tx.sql.raw(
                            "UPDATE search_docs SET name_keys = to_tsvector('simple', \(bind: keys)) WHERE id = \(bind: id)"
                        ).run()
                    }
                }
            }
            last = try lastRow.decode(column: "id", as: Int64.self)
        }
    }
}
