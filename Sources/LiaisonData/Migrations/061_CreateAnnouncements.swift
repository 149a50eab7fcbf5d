import FluentKit
import SQLKit

/// Announcements in two languages, the customers a selected audience names, and one delivery row per contact mailed
/// (unique, so a repeated run mails nobody twice). Tiers are stored between commas (",key,strategic,") so one
/// `LIKE` finds a tier.
struct CreateAnnouncements: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("announcements")
            .id()
            .field("kind", .string, .required)
            .field("audience", .string, .required)
            .field("tiers", .string, .required)
            .field("title_zh", .string, .required)
            .field("title_en", .string, .required)
            .field("body_zh", .string, .required)
            .field("body_en", .string, .required)
            .field("status", .string, .required)
            .field("publish_at", .datetime)
            .field("expires_at", .datetime)
            .field("published_at", .datetime)
            .field("author_id", .uuid)
            .field("approved_by", .uuid)
            .field("approved_at", .datetime)
            .field("rejection_reason", .string)
            .field("notified_at", .datetime)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.schema("announcement_customers")
            .field("announcement_id", .uuid, .required, .references("announcements", "id", onDelete: .cascade))
            .field("customer_id", .uuid, .required)
            .unique(on: "announcement_id", "customer_id")
            .create()
        try await database.schema("announcement_deliveries")
            .id()
            .field("announcement_id", .uuid, .required, .references("announcements", "id", onDelete: .cascade))
            .field("contact_id", .uuid, .required)
            .field("customer_id", .uuid, .required)
            .field("email", .string, .required)
            .field("locale", .string, .required)
            .field("status", .string, .required)
            .field("sent_at", .datetime)
            .field("created_at", .datetime, .required)
            .unique(on: "announcement_id", "contact_id")
            .create()
        let sql = database.sql
        try await sql.raw("CREATE INDEX announcements_published ON announcements (status, published_at)").run()
        try await sql.raw("CREATE INDEX announcement_customers_customer ON announcement_customers (customer_id)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("announcement_deliveries").delete()
        try await database.schema("announcement_customers").delete()
        try await database.schema("announcements").delete()
    }
}
