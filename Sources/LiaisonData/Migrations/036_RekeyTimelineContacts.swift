import FluentKit
import SQLKit

/// A contact's part in a timeline entry is keyed by what it is read by, (contact, time, entry), instead of an id of
/// its own that nothing reads: on SQLite the rows live in that key's B-tree (WITHOUT ROWID), so the id column, its
/// unique index and the separate `timeline_contact` index go (about 60 % of the table's bytes with its indexes,
/// and two index entries fewer for each contact of each new entry). On PostgreSQL the key becomes the primary key.
struct RekeyTimelineContacts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database.sql
        if sql.dialect.name == "postgresql" {
            try await sql.raw(
                """
                DELETE FROM timeline_contacts a USING timeline_contacts b
                WHERE a.contact_id = b.contact_id AND a.occurred_at = b.occurred_at AND a.entry_id = b.entry_id
                    AND a.id > b.id
                """
            ).run()
            // Dropping the column drops its primary key constraint with it, whatever its name.
            try await sql.raw("ALTER TABLE timeline_contacts DROP COLUMN id").run()
            try await sql.raw("ALTER TABLE timeline_contacts ADD PRIMARY KEY (contact_id, occurred_at, entry_id)").run()
            try await sql.raw("DROP INDEX timeline_contact").run()
            return
        }
        try await sql.raw(
            """
            CREATE TABLE timeline_contacts_keyed (
                contact_id UUID NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
                occurred_at REAL NOT NULL,
                entry_id UUID NOT NULL REFERENCES timeline_entries (id) ON DELETE CASCADE,
                PRIMARY KEY (contact_id, occurred_at, entry_id)
            ) WITHOUT ROWID
            """
        ).run()
        try await sql.raw(
            """
            INSERT OR IGNORE INTO timeline_contacts_keyed (contact_id, occurred_at, entry_id)
            SELECT contact_id, occurred_at, entry_id FROM timeline_contacts ORDER BY contact_id, occurred_at, entry_id
            """
        ).run()
        try await sql.raw("DROP TABLE timeline_contacts").run()
        try await sql.raw("ALTER TABLE timeline_contacts_keyed RENAME TO timeline_contacts").run()
        try await sql.raw("CREATE INDEX timeline_contact_entry ON timeline_contacts (entry_id)").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database.sql
        try await sql.raw(
            """
            CREATE TABLE timeline_contacts_with_ids (
                id UUID PRIMARY KEY,
                entry_id UUID NOT NULL REFERENCES timeline_entries (id) ON DELETE CASCADE,
                contact_id UUID NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
                occurred_at \(unsafeRaw: sql.dialect.name == "postgresql" ? "TIMESTAMPTZ" : "REAL") NOT NULL
            )
            """
        ).run()
        // New ids for the rows: nothing refers to them.
        let newID = sql.dialect.name == "postgresql" ? "gen_random_uuid()" : "randomblob(16)"
        try await sql.raw(
            """
            INSERT INTO timeline_contacts_with_ids (id, entry_id, contact_id, occurred_at)
            SELECT \(unsafeRaw: newID), entry_id, contact_id, occurred_at FROM timeline_contacts
            """
        ).run()
        try await sql.raw("DROP TABLE timeline_contacts").run()
        try await sql.raw("ALTER TABLE timeline_contacts_with_ids RENAME TO timeline_contacts").run()
        try await sql.raw("CREATE INDEX timeline_contact ON timeline_contacts (contact_id, occurred_at, entry_id)")
            .run()
        try await sql.raw("CREATE INDEX timeline_contact_entry ON timeline_contacts (entry_id)").run()
    }
}
