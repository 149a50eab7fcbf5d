import FluentKit
import SQLKit

/// The audit trail stores each entry's hash once, as its 32 bytes: `prev_hash` repeated the hash of the entry before
/// (the verifier reads that entry instead) and both were 64-character hex text, about a third of a row. The record
/// index is keyed by the record's id, which names one record whatever its type, so a search by id alone uses it.
/// On SQLite an index ends in the row id, the sequence number here, without naming it: the indexes drop their own
/// copy of it (PostgreSQL's keep it, to be read in that order).
struct CompactAuditTrail: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database.sql
        if sql.dialect.name == "postgresql" {
            try await sql.raw("ALTER TABLE audit_entries DROP COLUMN prev_hash").run()
            try await sql.raw("ALTER TABLE audit_entries ALTER COLUMN hash TYPE BYTEA USING decode(hash, 'hex')").run()
            try await sql.raw("DROP INDEX audit_record").run()
            try await sql.raw("CREATE INDEX audit_record ON audit_entries (record_id, id)").run()
            return
        }
        try await sql.raw(
            """
            CREATE TABLE audit_entries_compact (
                id INTEGER PRIMARY KEY, at_ms INTEGER NOT NULL, actor_id TEXT, actor_label TEXT NOT NULL,
                action TEXT NOT NULL, record_type TEXT NOT NULL, record_id TEXT, address TEXT, changes TEXT NOT NULL,
                hash BLOB NOT NULL
            )
            """
        ).run()
        try await sql.raw(
            """
            INSERT INTO audit_entries_compact
                (id, at_ms, actor_id, actor_label, action, record_type, record_id, address, changes, hash)
            SELECT id, at_ms, actor_id, actor_label, action, record_type, record_id, address, changes, unhex(hash)
            FROM audit_entries ORDER BY id
            """
        ).run()
        try await sql.raw("DROP TABLE audit_entries").run()
        try await sql.raw("ALTER TABLE audit_entries_compact RENAME TO audit_entries").run()
        try await sql.raw("CREATE INDEX audit_actor ON audit_entries (actor_id)").run()
        try await sql.raw("CREATE INDEX audit_record ON audit_entries (record_id)").run()
        try await sql.raw("CREATE INDEX audit_action ON audit_entries (action)").run()
        try await sql.raw("CREATE INDEX audit_at ON audit_entries (at_ms)").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database.sql
        if sql.dialect.name == "postgresql" {
            try await sql.raw("ALTER TABLE audit_entries ALTER COLUMN hash TYPE TEXT USING encode(hash, 'hex')").run()
            try await sql.raw("ALTER TABLE audit_entries ADD COLUMN prev_hash TEXT").run()
            try await sql.raw(
                """
                UPDATE audit_entries e SET prev_hash = COALESCE(
                    (SELECT p.hash FROM audit_entries p WHERE p.id = e.id - 1), repeat('0', 64))
                """
            ).run()
            try await sql.raw("ALTER TABLE audit_entries ALTER COLUMN prev_hash SET NOT NULL").run()
            try await sql.raw("DROP INDEX audit_record").run()
            try await sql.raw("CREATE INDEX audit_record ON audit_entries (record_type, record_id, id)").run()
            return
        }
        try await sql.raw(
            """
            CREATE TABLE audit_entries_hex (
                "id" INTEGER PRIMARY KEY, "at_ms" INTEGER NOT NULL, "actor_id" TEXT, "actor_label" TEXT NOT NULL,
                "action" TEXT NOT NULL, "record_type" TEXT NOT NULL, "record_id" TEXT, "address" TEXT,
                "changes" TEXT NOT NULL, "prev_hash" TEXT NOT NULL, "hash" TEXT NOT NULL
            )
            """
        ).run()
        // The entry before is the previous sequence number; the first entry follows the genesis hash (64 zeros).
        try await sql.raw(
            """
            INSERT INTO audit_entries_hex
                (id, at_ms, actor_id, actor_label, action, record_type, record_id, address, changes, prev_hash, hash)
            SELECT e.id, e.at_ms, e.actor_id, e.actor_label, e.action, e.record_type, e.record_id, e.address, e.changes,
                CASE WHEN p.id IS NULL THEN '\(unsafeRaw: String(repeating: "0", count: 64))'
                    ELSE lower(hex(p.hash)) END,
                lower(hex(e.hash))
            FROM audit_entries e LEFT JOIN audit_entries p ON p.id = e.id - 1
            ORDER BY e.id
            """
        ).run()
        try await sql.raw("DROP TABLE audit_entries").run()
        try await sql.raw("ALTER TABLE audit_entries_hex RENAME TO audit_entries").run()
        try await sql.raw(#"CREATE INDEX "audit_actor" ON "audit_entries" ("actor_id", "id")"#).run()
        try await sql.raw(#"CREATE INDEX "audit_record" ON "audit_entries" ("record_type", "record_id", "id")"#).run()
        try await sql.raw(#"CREATE INDEX "audit_action" ON "audit_entries" ("action", "id")"#).run()
        try await sql.raw(#"CREATE INDEX "audit_at" ON "audit_entries" ("at_ms")"#).run()
    }
}
