import FluentKit
import SQLKit

/// The index over every document's `title_key` has had no reader since names got their own partial index
/// (`search_docs_name`, migration 024): other titles are found through the text indexes. Each new document (every
/// request and, since replies became parts of their request's document, every reply) still paid an entry in it, on
/// a page picked by its title.
struct DropSearchTitleIndex: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.sql.raw("DROP INDEX IF EXISTS search_docs_title").run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.create(index: "search_docs_title").on("search_docs").column("title_key")
            .run()
    }
}
