import FluentKit
import SQLKit

/// Names (customers and contacts) are matched by title prefix and shown first; interaction and request subjects
/// are found by the text index instead. A partial index over the names keeps a prefix such as 交付 from reading
/// every subject that starts with it.
struct AddSearchNameIndex: AsyncMigration {
    /// The kinds the index holds, as they were when this migration shipped. `SearchQueries.nameKinds` must say the
    /// same for the index to be used.
    static let nameKinds = "kind IN ('customer', 'contact')"

    func prepare(on database: any Database) async throws {
        try await database.sql.raw(
            "CREATE INDEX search_docs_name ON search_docs (title_key) WHERE \(unsafeRaw: Self.nameKinds)"
        ).run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.raw("DROP INDEX search_docs_name").run()
    }
}
