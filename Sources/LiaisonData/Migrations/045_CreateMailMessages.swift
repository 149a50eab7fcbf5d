import FluentKit
import SQLKit

/// Mail as mail: each message received or sent, with its addressing and threading headers, its raw bytes (a blob),
/// the request message it became and, for our own, its delivery state; and the quarantine, where mail that could
/// not be put on a request waits for an administrator. A Message-ID is unique per mailbox (`scope`: the mailbox's
/// id, or "-" for mail that came in for no mailbox), so taking the same message twice stores it once.
struct CreateMailMessages: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("mail_messages")
            .id()
            .field("mailbox_id", .uuid, .references("mailboxes", "id", onDelete: .setNull))
            .field("scope", .string, .required)
            .field("direction", .string, .required)
            .field("message_id", .string, .required)
            .field("in_reply_to", .string)
            .field("reference_ids", .string, .required)
            .field("from_address", .string)
            .field("from_name", .string)
            .field("to_addresses", .string, .required)
            .field("cc_addresses", .string, .required)
            .field("subject", .string, .required)
            .field("sent_date", .datetime)
            .field("request_id", .uuid, .references("requests", "id", onDelete: .cascade))
            .field("request_message_id", .uuid)
            .field("automatic", .string)
            .field("quoted", .string)
            .field("raw_sha256", .string)
            .field("raw_size", .int64, .required)
            .field("state", .string, .required)
            .field("attempts", .int, .required)
            .field("last_error", .string)
            .field("sent_at", .datetime)
            .field("created_at", .datetime, .required)
            .create()
        let sql = database.sql
        try await sql.raw("CREATE UNIQUE INDEX mail_messages_scope_id ON mail_messages (scope, message_id)").run()
        try await sql.raw("CREATE INDEX mail_messages_message_id ON mail_messages (message_id)").run()
        try await sql.raw("CREATE INDEX mail_messages_request ON mail_messages (request_id, created_at)").run()
        try await sql.raw(
            "CREATE INDEX mail_messages_request_message ON mail_messages (request_message_id) WHERE request_message_id IS NOT NULL"
        ).run()
        try await sql.raw(
            "CREATE INDEX mail_messages_sender ON mail_messages (from_address, created_at) WHERE direction = 'inbound'"
        ).run()
        try await database.schema("mail_quarantine")
            .id()
            .field("mailbox_id", .uuid, .references("mailboxes", "id", onDelete: .setNull))
            .field("reason", .string, .required)
            .field("detail", .string)
            .field("message_id", .string)
            .field("from_address", .string)
            .field("subject", .string, .required)
            .field("raw_sha256", .string, .required)
            .field("raw_size", .int64, .required)
            .field("state", .string, .required)
            .field("request_id", .uuid, .references("requests", "id", onDelete: .setNull))
            .field("resolved_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("resolved_at", .datetime)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await sql.raw("CREATE INDEX mail_quarantine_state ON mail_quarantine (state, created_at)").run()
        // What the poller last saw of each mailbox's IMAP server, for the mailboxes page.
        try await database.schema("mailboxes").field("imap_polled_at", .datetime).update()
        try await database.schema("mailboxes").field("imap_error", .string).update()
        try await sql.raw("CREATE INDEX mail_quarantine_raw ON mail_quarantine (raw_sha256)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("mailboxes").deleteField("imap_error").update()
        try await database.schema("mailboxes").deleteField("imap_polled_at").update()
        try await database.schema("mail_quarantine").delete()
        try await database.schema("mail_messages").delete()
    }
}
