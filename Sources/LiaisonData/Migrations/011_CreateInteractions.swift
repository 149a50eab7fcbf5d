import FluentKit
import SQLKit

struct CreateInteractions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("interactions")
            .id()
            .field("customer_id", .uuid, .required, .references("customers", "id", onDelete: .cascade))
            .field("channel", .string, .required)
            .field("direction", .string, .required)
            .field("subject", .string, .required)
            .field("body", .string, .required)
            .field("occurred_at", .datetime, .required)
            .field("duration_minutes", .int)
            .field("outcome", .string)
            .field("next_step", .string)
            .field("next_step_owner_id", .uuid, .references("users", "id", onDelete: .setNull))
            .field("next_step_due_at", .datetime)
            .field("next_step_done_at", .datetime)
            .field("created_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.schema("interaction_participants")
            .id()
            .field("interaction_id", .uuid, .required, .references("interactions", "id", onDelete: .cascade))
            .field("user_id", .uuid, .references("users", "id", onDelete: .cascade))
            .field("contact_id", .uuid, .references("contacts", "id", onDelete: .cascade))
            .create()
        let sql = database.sql
        try await sql.create(index: "interactions_customer").on("interactions").column("customer_id")
            .column("occurred_at").run()
        try await sql.create(index: "interactions_next_step").on("interactions").column("next_step_owner_id")
            .column("next_step_done_at").run()
        try await sql.create(index: "participants_interaction").on("interaction_participants")
            .column("interaction_id").run()
        try await sql.create(index: "participants_contact").on("interaction_participants").column("contact_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("interaction_participants").delete()
        try await database.schema("interactions").delete()
    }
}
