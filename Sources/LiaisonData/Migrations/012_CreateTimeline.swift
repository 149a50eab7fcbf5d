import FluentKit
import SQLKit

/// One table every kind of customer event writes to, so a customer's or contact's history is one indexed read.
struct CreateTimeline: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("timeline_entries")
            .id()
            .field("customer_id", .uuid, .required, .references("customers", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("ref_id", .uuid, .required)
            .field("occurred_at", .datetime, .required)
            .field("channel", .string)
            .field("direction", .string)
            .field("title", .string, .required)
            .field("excerpt", .string, .required)
            .field("actor_label", .string, .required)
            .create()
        try await database.schema("timeline_contacts")
            .id()
            .field("entry_id", .uuid, .required, .references("timeline_entries", "id", onDelete: .cascade))
            .field("contact_id", .uuid, .required, .references("contacts", "id", onDelete: .cascade))
            .field("occurred_at", .datetime, .required)
            .create()
        let sql = database.sql
        try await sql.create(index: "timeline_customer").on("timeline_entries").column("customer_id")
            .column("occurred_at").column("id").run()
        try await sql.create(index: "timeline_ref").on("timeline_entries").column("ref_id").run()
        try await sql.create(index: "timeline_contact").on("timeline_contacts").column("contact_id")
            .column("occurred_at").column("entry_id").run()
        try await sql.create(index: "timeline_contact_entry").on("timeline_contacts").column("entry_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("timeline_contacts").delete()
        try await database.schema("timeline_entries").delete()
    }
}
