import FluentKit

/// Mailboxes: an address, the queue department its mail lands in, its SMTP server and optionally its IMAP server.
/// Passwords are stored sealed (`SecretBox`); the IMAP cursor (UIDVALIDITY and the last UID taken) is kept here so
/// that a restart neither skips nor repeats mail.
struct CreateMailboxes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("mailboxes")
            .id()
            .field("address", .string, .required)
            .field("name", .string)
            .field("department_id", .uuid, .required, .references("departments", "id", onDelete: .restrict))
            .field("active", .bool, .required)
            .field("smtp_host", .string, .required)
            .field("smtp_port", .int, .required)
            .field("smtp_security", .string, .required)
            .field("smtp_username", .string)
            .field("smtp_password", .string)
            .field("smtp_auth", .string, .required)
            .field("verify_certificate", .bool, .required)
            .field("imap_host", .string)
            .field("imap_port", .int)
            .field("imap_security", .string)
            .field("imap_username", .string)
            .field("imap_password", .string)
            .field("imap_folder", .string, .required)
            .field("imap_after", .string, .required)
            .field("imap_move_folder", .string)
            .field("imap_uid_validity", .int64)
            .field("imap_last_uid", .int64)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "address")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("mailboxes").delete()
    }
}
