import FluentKit
import FluentSQL
import SQLKit

/// Progress reports (`project_reports`: a project's reports numbered 1, 2, 3…, the period they cover, the facts
/// drafted from live data as JSON, the project manager's words, and once sent: when, by whom, to whom, the
/// communication-plan occurrence delivered and whether on time, the interaction on the customer's timeline).
/// (Tasks record when they were done since migration 135, which reports use to tell on time from late.)
///
/// Risks and issues gain `told_interaction_id`, the interaction that last told the customer of them.
struct CreateProgressReports: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("project_reports")
            .id()
            .field("project_id", .uuid, .required, .references("projects", "id", onDelete: .cascade))
            .field("number", .int, .required)
            .field("period_start", .string, .required)
            .field("period_end", .string, .required)
            .field("status", .string, .required)
            .field("title", .string, .required)
            .field("summary", .string, .required)
            .field("problems", .string, .required)
            .field("next_steps", .string, .required)
            .field("facts", .string, .required)
            .field("facts_at", .datetime, .required)
            .field("recipients", .string, .required)
            .field("sent_at", .datetime)
            .field("sent_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("occurrence_id", .uuid, .references("communication_occurrences", "id", onDelete: .setNull))
            .field("on_time", .bool)
            .field("interaction_id", .uuid, .references("interactions", "id", onDelete: .setNull))
            .field("created_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "project_id", "number")
            .create()
        let sql = database.sql
        try await sql.create(index: "project_reports_sent").on("project_reports").column("project_id")
            .column("sent_at").run()
        for table in ["project_risks", "project_issues"] {
            try await database.schema(table)
                .field("told_interaction_id", .uuid, .references("interactions", "id", onDelete: .setNull)).update()
        }
    }

    func revert(on database: any Database) async throws {
        for table in ["project_risks", "project_issues"] {
            try await database.schema(table).deleteField("told_interaction_id").update()
        }
        try await database.schema("project_reports").delete()
    }
}
