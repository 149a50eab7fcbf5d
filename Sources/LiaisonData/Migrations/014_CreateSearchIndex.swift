import FluentKit
import SQLKit

/// Full-text search that finds Chinese and Latin substrings. Each searchable record has a row in `search_docs`
/// (what it is, whose it is, how confidential) and two index entries under the same row id:
/// - SQLite: FTS5 `trigram` over the text (any substring of 3+ characters) and FTS5 `unicode61` over its CJK
///   bigrams (2-character Chinese words, which trigrams cannot match). Both are contentless: the text lives once.
/// - PostgreSQL: a `pg_trgm` GIN index over the text and a GIN-indexed `tsvector` of the bigrams.
struct CreateSearchIndex: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database.sql
        switch Engine(database) {
        case .sqlite:
            try await sql.raw(
                """
                CREATE TABLE search_docs (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    kind TEXT NOT NULL,
                    ref_id TEXT NOT NULL,
                    customer_id TEXT NOT NULL,
                    classification TEXT NOT NULL,
                    title TEXT NOT NULL,
                    title_key TEXT NOT NULL,
                    text TEXT NOT NULL,
                    updated_at REAL NOT NULL
                )
                """
            ).run()
            try await sql.raw(
                "CREATE VIRTUAL TABLE search_trigram USING fts5(text, tokenize='trigram', content='', contentless_delete=1)"
            ).run()
            try await sql.raw(
                "CREATE VIRTUAL TABLE search_bigram USING fts5(text, content='', contentless_delete=1)"
            ).run()
        case .postgres:
            let installed = try await sql.raw("SELECT 1 AS one FROM pg_extension WHERE extname = 'pg_trgm'").first()
            if installed == nil {
                try await sql.raw("CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public").run()
            }
            try await sql.raw(
                """
                CREATE TABLE search_docs (
                    id BIGSERIAL PRIMARY KEY,
                    kind TEXT NOT NULL,
                    ref_id UUID NOT NULL,
                    customer_id UUID NOT NULL,
                    classification TEXT NOT NULL,
                    title TEXT NOT NULL,
                    title_key TEXT NOT NULL,
                    text TEXT NOT NULL,
                    bigrams TSVECTOR NOT NULL,
                    updated_at TIMESTAMPTZ NOT NULL
                )
                """
            ).run()
            try await sql.raw("CREATE INDEX search_docs_trgm ON search_docs USING gin (text public.gin_trgm_ops)").run()
            try await sql.raw("CREATE INDEX search_docs_bigrams ON search_docs USING gin (bigrams)").run()
        }
        try await sql.create(index: "search_docs_ref").on("search_docs").column("ref_id").run()
        try await sql.create(index: "search_docs_customer").on("search_docs").column("customer_id").run()
        try await sql.create(index: "search_docs_title").on("search_docs").column("title_key").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database.sql
        if Engine(database) == .sqlite {
            try await sql.raw("DROP TABLE search_trigram").run()
            try await sql.raw("DROP TABLE search_bigram").run()
        }
        try await sql.raw("DROP TABLE search_docs").run()
    }
}
