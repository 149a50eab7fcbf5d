import FluentKit
import SQLKit

/// A customer's and a contact's timeline read a request's messages where they are stored, `request_messages`,
/// instead of a copy of each in `timeline_entries` (four of five rows of the timeline, with its four indexes and
/// a contact's part of each, were those copies: the largest repetition in the file, and seven B-tree inserts for
/// each message written). A message now carries its request's customer and whether it opened its request, with
/// an index by customer and one by contact, both by time; the copies go. The entries left are interactions.
struct ReadRequestEntriesFromMessages: AsyncMigration {
    /// The kinds of entry this migration takes out of `timeline_entries` (`TimelineEntry.Kind` when it was
    /// written).
    static let requestKinds = ["request", "requestMessage"]

    func prepare(on database: any Database) async throws {
        let sql = database.sql
        let postgres = sql.dialect.name == "postgresql"
        try await sql.raw("ALTER TABLE request_messages ADD COLUMN customer_id UUID").run()
        try await sql.raw("ALTER TABLE request_messages ADD COLUMN opening SMALLINT NOT NULL DEFAULT 0").run()
        if postgres {
            try await sql.raw(
                "UPDATE request_messages m SET customer_id = r.customer_id FROM requests r WHERE r.id = m.request_id"
            ).run()
        } else {
            try await sql.raw(
                """
                UPDATE request_messages SET customer_id =
                    (SELECT r.customer_id FROM requests r WHERE r.id = request_messages.request_id)
                """
            ).run()
        }
        // A request's first message (by time, then id) is the one it was opened with.
        try await sql.raw(
            """
            UPDATE request_messages SET opening = 1 WHERE id IN (
                SELECT id FROM (
                    SELECT id, ROW_NUMBER() OVER (PARTITION BY request_id ORDER BY created_at, id) AS position
                    FROM request_messages) numbered
                WHERE position = 1)
            """
        ).run()
        let kinds: SQLQueryString = "(\(binds: Self.requestKinds))"
        try await sql.raw(
            """
            DELETE FROM timeline_contacts WHERE entry_id IN (SELECT id FROM timeline_entries WHERE kind IN \(kinds))
            """
        ).run()
        try await sql.raw("DELETE FROM timeline_entries WHERE kind IN \(kinds)").run()
        try await sql.raw(
            "CREATE INDEX request_messages_customer ON request_messages (customer_id, created_at, id)"
        ).run()
        try await sql.raw(
            """
            CREATE INDEX request_messages_contact ON request_messages (contact_id, created_at, id)
            WHERE contact_id IS NOT NULL
            """
        ).run()
    }

    /// Back to copies: an entry for each message as the timeline showed it (the excerpt is the start of the stored
    /// text, the actor the author's e-mail or the contact's name), with its contact.
    func revert(on database: any Database) async throws {
        let sql = database.sql
        let postgres = sql.dialect.name == "postgresql"
        let title: SQLQueryString = postgres
            ? "'R-' || lpad(r.number::text, 6, '0') || ' ' || r.subject"
            : "'R-' || substr('000000' || r.number, -max(6, length(r.number))) || ' ' || r.subject"
        try await sql.raw(
            """
            INSERT INTO timeline_entries (id, customer_id, kind, ref_id, occurred_at, channel, direction, title, excerpt,
                actor_label)
            SELECT m.id, r.customer_id, CASE WHEN m.opening = 1 THEN 'request' ELSE 'requestMessage' END, r.id,
                m.created_at, m.channel,
                CASE WHEN m.opening = 1 OR m.contact_id IS NOT NULL THEN 'inbound'
                    WHEN m.visibility = 'public' THEN 'outbound' ELSE 'internal' END,
                \(title), substr(m.body, 1, 280), COALESCE(u.email, k.name, '')
            FROM request_messages m JOIN requests r ON r.id = m.request_id
            LEFT JOIN users u ON u.id = m.author_id LEFT JOIN contacts k ON k.id = m.contact_id
            """
        ).run()
        try await sql.raw(
            """
            INSERT INTO timeline_contacts (contact_id, occurred_at, entry_id)
            SELECT contact_id, created_at, id FROM request_messages WHERE contact_id IS NOT NULL
            """
        ).run()
        try await sql.raw("DROP INDEX request_messages_contact").run()
        try await sql.raw("DROP INDEX request_messages_customer").run()
        try await sql.raw("ALTER TABLE request_messages DROP COLUMN opening").run()
        try await sql.raw("ALTER TABLE request_messages DROP COLUMN customer_id").run()
    }
}
