import FluentKit
import FluentSQL
import SQLKit

/// The nudges sent (proactive communication): one row per kind, subject and period, unique, so the sweep tells the
/// person once per item and period however often it runs; with whom it was for and the customer, for the home page.
struct CreateNudges: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("nudges")
            .id()
            .field("kind", .string, .required)
            .field("subject_id", .uuid, .required)
            .field("period_key", .string, .required)
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("customer_id", .uuid, .references("customers", "id", onDelete: .cascade))
            .field("created_at", .datetime, .required)
            .unique(on: "kind", "subject_id", "period_key")
            .create()
        try await database.sql.create(index: "nudges_user").on("nudges").column("user_id").column("created_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("nudges").delete()
    }
}
