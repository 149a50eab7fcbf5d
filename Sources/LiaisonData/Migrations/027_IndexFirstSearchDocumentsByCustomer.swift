import FluentKit
import SQLKit

/// Search documents by customer: only a record's first document is indexed by its customer (`part = 0`); the parts
/// added for a request's replies (`SearchIndex.addPart`, `part = 1`) are reached through their record's id when a
/// customer is reclassified or deleted. Each reply paid an entry in this index, on a page picked by its customer
/// (about two log pages per reply).
struct IndexFirstSearchDocumentsByCustomer: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database.sql
        try await sql.raw("ALTER TABLE search_docs ADD COLUMN part INTEGER NOT NULL DEFAULT 0").run()
        try await sql.raw("DROP INDEX search_docs_customer").run()
        try await sql.raw("CREATE INDEX search_docs_customer ON search_docs (customer_id) WHERE part = 0").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database.sql
        try await sql.raw("DROP INDEX search_docs_customer").run()
        try await sql.raw("CREATE INDEX search_docs_customer ON search_docs (customer_id)").run()
        try await sql.raw("ALTER TABLE search_docs DROP COLUMN part").run()
    }
}
