import FluentKit
import SQLKit

/// SQLite: the indexes of request messages by customer and by contact end in the time, not also in the message's
/// 36-character id (the rare messages of one customer at the same instant are put in id order after the index
/// read), and the index by request holds only the request (its few messages are sorted after the read). About a
/// quarter of the messages' bytes with their indexes. PostgreSQL keeps its indexes as they are.
struct TrimRequestMessageIndexes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database.sql
        guard sql.dialect.name != "postgresql" else { return }
        try await sql.raw("DROP INDEX request_messages_customer").run()
        try await sql.raw("CREATE INDEX request_messages_customer ON request_messages (customer_id, created_at)").run()
        try await sql.raw("DROP INDEX request_messages_contact").run()
        try await sql.raw(
            """
            CREATE INDEX request_messages_contact ON request_messages (contact_id, created_at)
            WHERE contact_id IS NOT NULL
            """
        ).run()
        try await sql.raw("DROP INDEX request_messages_request").run()
        try await sql.raw("CREATE INDEX request_messages_request ON request_messages (request_id)").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database.sql
        guard sql.dialect.name != "postgresql" else { return }
        try await sql.raw("DROP INDEX request_messages_customer").run()
        try await sql.raw("CREATE INDEX request_messages_customer ON request_messages (customer_id, created_at, id)")
            .run()
        try await sql.raw("DROP INDEX request_messages_contact").run()
        try await sql.raw(
            """
            CREATE INDEX request_messages_contact ON request_messages (contact_id, created_at, id)
            WHERE contact_id IS NOT NULL
            """
        ).run()
        try await sql.raw("DROP INDEX request_messages_request").run()
        try await sql.raw(
            #"CREATE INDEX "request_messages_request" ON "request_messages" ("request_id", "created_at")"#
        ).run()
    }
}
