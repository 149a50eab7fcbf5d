import FluentKit
import SQLKit

struct CreateContacts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("contacts")
            .id()
            .field("customer_id", .uuid, .required, .references("customers", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("sort_key", .string, .required)
            .field("title", .string)
            .field("role", .string)
            .field("emails", .string, .required)
            .field("phones", .string, .required)
            .field("wechat", .string)
            .field("other_ids", .string, .required)
            .field("preferred_channel", .string)
            .field("preferred_language", .string)
            .field("consent", .string, .required)
            .field("notes", .string)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .field("deleted_at", .datetime)
            .create()
        // Emails, phones and chat ids, normalised, one row each: duplicate detection and exact lookups.
        try await database.schema("contact_identities")
            .id()
            .field("contact_id", .uuid, .required, .references("contacts", "id", onDelete: .cascade))
            .field("customer_id", .uuid, .required)
            .field("kind", .string, .required)
            .field("value", .string, .required)
            .create()
        let sql = database.sql
        try await sql.create(index: "contacts_customer").on("contacts").column("customer_id").column("sort_key").run()
        try await sql.create(index: "contact_identities_value").on("contact_identities").column("value").run()
        try await sql.create(index: "contact_identities_contact").on("contact_identities").column("contact_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("contact_identities").delete()
        try await database.schema("contacts").delete()
    }
}
