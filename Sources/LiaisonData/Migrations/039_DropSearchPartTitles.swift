import FluentKit
import SQLKit

/// A part of a record's search document (a reply, a note) no longer repeats the record's title and title key:
/// searches read the title from the record's first document, the one row that holds it. That was about a quarter
/// of a part's row, and a retitled request rewrote every part.
struct DropSearchPartTitles: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.sql.raw("UPDATE search_docs SET title = '', title_key = '' WHERE part = 1").run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.raw(
            """
            UPDATE search_docs SET
                title = (SELECT h.title FROM search_docs h WHERE h.ref_id = search_docs.ref_id AND h.part = 0),
                title_key = (SELECT h.title_key FROM search_docs h WHERE h.ref_id = search_docs.ref_id AND h.part = 0)
            WHERE part = 1
                AND EXISTS (SELECT 1 FROM search_docs h WHERE h.ref_id = search_docs.ref_id AND h.part = 0)
            """
        ).run()
    }
}
