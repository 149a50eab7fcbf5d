import FluentKit
import FluentSQL
import SQLKit

/// Absence (skipped by automatic assignment), each queue's assignment mode, and single-use satisfaction tokens.
struct UpdateForAssignment: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("users").field("absent_until", .datetime).update()
        // SQLite adds one column per statement.
        try await database.schema("departments").field("assignment", .string, .required, .sql(.default("manual")))
            .update()
        try await database.schema("departments").field("assignment_cursor", .uuid).update()
        try await database.schema("survey_tokens")
            .id()
            .field("request_id", .uuid, .required, .references("requests", "id", onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .unique(on: "token_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("survey_tokens").delete()
        try await database.schema("departments").deleteField("assignment_cursor").update()
        try await database.schema("departments").deleteField("assignment").update()
        try await database.schema("users").deleteField("absent_until").update()
    }
}
