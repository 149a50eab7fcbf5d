import FluentKit
import SQLKit

/// Messages for people inside Liaison: @mentions, SLA warnings and breaches, assignments.
struct CreateNotifications: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("notifications")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("text_key", .string, .required)
            .field("values", .string, .required)
            .field("link", .string, .required)
            .field("dedupe_key", .string)
            .field("created_at", .datetime, .required)
            .field("read_at", .datetime)
            .unique(on: "user_id", "dedupe_key")
            .create()
        try await database.sql.create(index: "notifications_user").on("notifications")
            .column("user_id").column("read_at").column("created_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("notifications").delete()
    }
}
