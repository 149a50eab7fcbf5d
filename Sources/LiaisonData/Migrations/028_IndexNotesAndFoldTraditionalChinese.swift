import FluentKit
import Foundation
import LiaisonCore
import SQLKit

/// Search documents gain what they lacked, and existing ones are brought in step:
/// 1. customer notes, contact notes and interactions' next steps are now indexed: the documents of records that have
///    them are rebuilt, from the columns, the way the commands of this version build them (written out here);
/// 2. traditional Chinese characters are now folded to simplified (`SearchText.normalise`, `HanFolding`): every
///    document's text and name key is folded again, with its index entries (FTS5 trigram and bigram on SQLite; the
///    text, indexed by pg_trgm, and the bigram `tsvector` on PostgreSQL). The text as it was goes to the new column
///    `unfolded` (only where folding changed it), from which snippets are cut, so they show what was written.
/// Records are read in batches by key with plain SQL, one transaction per batch; a document is written only when
/// its text changes, so a database without notes or traditional characters is only read. Running it again after
/// an interruption finds the finished batches unchanged.
struct IndexNotesAndFoldTraditionalChinese: AsyncMigration {
    /// Longest text indexed per record (`SearchIndex.maximumText` when this was written).
    static let maximumText = 8000
    static let batchSize = 500

    func prepare(on database: any Database) async throws {
        try await addUnfoldedColumn(on: database)
        try await rebuild(
            """
            SELECT c.id AS key, d.id AS doc_id, d.text, c.name AS title, c.name_en, c.industry, c.region, c.website,
                c.phone, c.address, c.tags, c.notes
            FROM customers c JOIN search_docs d ON d.ref_id = c.id AND d.part = 0
            WHERE c.notes IS NOT NULL AND c.notes <> ''
            """, key: "c.id", on: database
        ) { row in
            let tags = try JSONColumn.decode([String].self, row.decode(column: "tags", as: String.self), default: [])
            let fields = try ["name_en", "industry", "region", "website", "phone", "address"].compactMap {
                try row.optional($0, String.self)
            }
            // The title (the name), then the fields, which start with the name again.
            let name = try row.decode(column: "title", as: String.self)
            let head = [name, name] + fields + [tags.joined(separator: " ")]
            return try Self.withNotes(head.joined(separator: "\n"), row.optional("notes", String.self))
        }
        try await rebuild(
            """
            SELECT p.id AS key, d.id AS doc_id, d.text, p.name AS title, p.title AS job_title, p.wechat, p.emails,
                p.phones, p.other_ids, p.notes, c.name AS customer_name
            FROM contacts p JOIN search_docs d ON d.ref_id = p.id AND d.part = 0
                JOIN customers c ON c.id = p.customer_id
            WHERE p.notes IS NOT NULL AND p.notes <> ''
            """, key: "p.id", on: database
        ) { row in
            // The title (the name), then the fields, which start with the name again.
            let name = try row.decode(column: "title", as: String.self)
            var parts = [name, name]
            parts += try ["job_title", "wechat"].compactMap { try row.optional($0, String.self) }
            parts += try JSONColumn.decode([String].self, row.decode(column: "emails", as: String.self), default: [])
            let phones = try JSONColumn.decode(
                [String].self, row.decode(column: "phones", as: String.self), default: [])
            parts += phones + phones.map(ContactIdentity.normalisePhone)
            parts += try JSONColumn.decode(
                [String: String].self, row.decode(column: "other_ids", as: String.self), default: [:]
            ).values.sorted()
            parts.append(try row.decode(column: "customer_name", as: String.self))
            return try Self.withNotes(parts.joined(separator: "\n"), row.optional("notes", String.self))
        }
        try await rebuild(
            """
            SELECT i.id AS key, d.id AS doc_id, d.text, i.subject AS title, i.body, i.outcome, i.next_step,
                c.name AS customer_name
            FROM interactions i JOIN search_docs d ON d.ref_id = i.id AND d.part = 0
                JOIN customers c ON c.id = i.customer_id
            WHERE i.next_step IS NOT NULL AND i.next_step <> ''
            """, key: "i.id", on: database
        ) { row in
            let parts = try [
                row.decode(column: "title", as: String.self),
                Markdown.plainText(row.decode(column: "body", as: String.self)),
                row.optional("outcome", String.self) ?? "",
                row.decode(column: "next_step", as: String.self),
                row.decode(column: "customer_name", as: String.self),
            ]
            return parts.joined(separator: "\n")
        }
        try await refoldAll(on: database)
    }

    /// Documents with notes and folded text still suit the code before this migration (which folds no query, so
    /// traditional queries stop finding what they found); only the new column goes.
    func revert(on database: any Database) async throws {
        try await database.sql.raw("ALTER TABLE search_docs DROP COLUMN unfolded").run()
    }

    /// The column, unless an interrupted run of this migration added it already.
    private func addUnfoldedColumn(on database: any Database) async throws {
        let sql = database.sql
        switch Engine(database) {
        case .sqlite:
            let present = try await sql.raw(
                "SELECT 1 AS one FROM pragma_table_info('search_docs') WHERE name = 'unfolded'"
            ).first()
            if present == nil { try await sql.raw("ALTER TABLE search_docs ADD COLUMN unfolded TEXT").run() }
        case .postgres:
            try await sql.raw("ALTER TABLE search_docs ADD COLUMN IF NOT EXISTS unfolded TEXT").run()
        }
    }

    /// Fields followed by notes as plain text (the notes are Markdown).
    static func withNotes(_ fields: String, _ notes: String?) -> String {
        guard let notes else { return fields }
        let plain = Markdown.plainText(notes)
        return plain.isEmpty ? fields : fields + "\n" + plain
    }

    /// Rewrites the first documents `select` finds (its rows have `key`, `doc_id`, `text`) whose text, built by
    /// `build` from the row's columns (title first), differs from the stored one.
    private func rebuild(
        _ select: String, key keyColumn: String, on database: any Database,
        build: @escaping @Sendable (any SQLRow) throws -> String
    ) async throws {
        var last: UUID?
        while true {
            let after: SQLQueryString
            if let last { after = " AND \(unsafeRaw: keyColumn) > \(bind: last)" } else { after = "" }
            let next: UUID? = try await database.transaction { tx in
                let sql = tx.sql
                let rows = try await sql.raw(
                    "\(unsafeRaw: select)\(after) ORDER BY \(unsafeRaw: keyColumn) LIMIT \(literal: Self.batchSize)"
                ).all()
                for row in rows {
                    let (text, unfolded) = SearchText.normaliseKeepingScript(
                        String(try build(row).prefix(Self.maximumText)))
                    guard try text != row.decode(column: "text", as: String.self) else { continue }
                    try await Self.write(
                        id: row.decode(column: "doc_id", as: Int64.self), text: text, unfolded: unfolded, on: tx)
                }
                return rows.count < Self.batchSize ? nil : try rows.last?.uuid("key")
            }
            guard let next else { return }
            last = next
        }
    }

    /// Folds every document's text and name key, writing the ones that change.
    private func refoldAll(on database: any Database) async throws {
        var last: Int64 = 0
        while true {
            let after = last
            let next: Int64? = try await database.transaction { tx in
                let sql = tx.sql
                let rows = try await sql.raw(
                    """
                    SELECT id, title_key, text FROM search_docs WHERE id > \(bind: after)
                    ORDER BY id LIMIT \(literal: Self.batchSize)
                    """
                ).all()
                for row in rows {
                    let id = try row.decode(column: "id", as: Int64.self)
                    let key = try row.decode(column: "title_key", as: String.self)
                    let text = try row.decode(column: "text", as: String.self)
                    let foldedKey = HanFolding.folded(key)
                    let foldedText = HanFolding.folded(text)
                    if foldedText != text {
                        try await Self.write(id: id, text: foldedText, unfolded: text, on: tx)
                    }
                    if foldedKey != key {
                        try await sql.raw(
                            "UPDATE search_docs SET title_key = \(bind: foldedKey) WHERE id = \(bind: id)"
                        )
                        .run()
                    }
                }
                return rows.count < Self.batchSize ? nil : try rows.last?.decode(column: "id", as: Int64.self)
            }
            guard let next else { return }
            last = next
        }
    }

    /// A document's new normalised text (and the text before folding, when folding changed it) and its index
    /// entries.
    private static func write(id: Int64, text: String, unfolded: String?, on tx: any Database) async throws {
        let sql = tx.sql
        let bigrams = SearchText.bigramText(text)
        switch Engine(tx) {
        case .sqlite:
            try await sql.raw(
                "UPDATE search_docs SET text = \(bind: text), unfolded = \(bind: unfolded) WHERE id = \(bind: id)"
            ).run()
            try await sql.raw("REPLACE INTO search_trigram (rowid, text) VALUES (\(bind: id), \(bind: text))").run()
            try await sql.raw("REPLACE INTO search_bigram (rowid, text) VALUES (\(bind: id), \(bind: bigrams))").run()
        case .postgres:
            try await sql.raw(
                """
                UPDATE search_docs SET text = \(bind: text), unfolded = \(bind: unfolded),
                    bigrams = to_tsvector('simple', \(bind: bigrams))
                WHERE id = \(bind: id)
                """
            ).run()
        }
    }
}
