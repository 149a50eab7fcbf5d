import FluentKit
import SQLKit

struct CreateSessions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("sessions")
            .id()
            .field("token_hash", .string, .required)
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("created_at", .datetime, .required)
            .field("last_seen_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("address", .string)
            .field("user_agent", .string)
            .unique(on: "token_hash")
            .create()
        let sql = database.sql
        try await sql.create(index: "sessions_user").on("sessions").column("user_id").run()
        try await sql.create(index: "sessions_expires").on("sessions").column("expires_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("sessions").delete()
    }
}
