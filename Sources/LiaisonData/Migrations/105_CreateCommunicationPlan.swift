import FluentKit
import FluentSQL
import SQLKit

/// Communication plans: a project's rows (`communication_plan_rows`: audiences as a JSON array, content, topic,
/// channel, the cadence in its text form, owner, and where the sweep stands: the last occurrence created and the
/// next check) and the occurrences the sweep creates for them (`communication_occurrences`, one per row and due
/// time). Both sweep steps read an index on `next_check_at`, so a pass touches only what is due.
struct CreateCommunicationPlan: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("communication_plan_rows")
            .id()
            .field("project_id", .uuid, .required, .references("projects", "id", onDelete: .cascade))
            .field("position", .int, .required)
            .field("audiences", .string, .required)
            .field("content", .string, .required)
            .field("topic", .string)
            .field("channel", .string, .required)
            .field("cadence", .string, .required)
            .field("owner_id", .uuid, .required, .references("users", "id"))
            .field("starts_at", .datetime, .required)
            .field("last_due_at", .datetime)
            .field("next_check_at", .datetime)
            .field("removed_at", .datetime)
            .field("created_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.schema("communication_occurrences")
            .id()
            .field("row_id", .uuid, .required, .references("communication_plan_rows", "id", onDelete: .cascade))
            .field("project_id", .uuid, .required, .references("projects", "id", onDelete: .cascade))
            .field("owner_id", .uuid, .required, .references("users", "id"))
            .field("due_at", .datetime, .required)
            .field("state", .string, .required)
            .field("reminded_at", .datetime)
            .field("next_check_at", .datetime)
            .field("done_at", .datetime)
            .field("done_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("done_note", .string)
            .field("interaction_id", .uuid)
            .field("missed_at", .datetime)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "row_id", "due_at")
            .create()
        let sql = database.sql
        try await sql.create(index: "communication_plan_rows_project").on("communication_plan_rows")
            .column("project_id").column("position").run()
        try await sql.create(index: "communication_plan_rows_check").on("communication_plan_rows")
            .column("next_check_at").run()
        try await sql.create(index: "communication_occurrences_project").on("communication_occurrences")
            .column("project_id").column("due_at").run()
        try await sql.create(index: "communication_occurrences_check").on("communication_occurrences")
            .column("next_check_at").run()
        try await sql.create(index: "communication_occurrences_owner").on("communication_occurrences")
            .column("owner_id").column("state").column("due_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("communication_occurrences").delete()
        try await database.schema("communication_plan_rows").delete()
    }
}
