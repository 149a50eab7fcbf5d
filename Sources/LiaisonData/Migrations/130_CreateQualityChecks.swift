import FluentKit
import FluentSQL
import SQLKit

/// Quality checks of a project's deliverables (`project_quality_checks`: the task whose deliverable was checked,
/// the acceptance criterion checked against, pass or fail, the evidence, the reviewer and when) and the customer's
/// acceptance of a deliverable (`project_deliverable_acceptances`: accepted or rejected, by which contact, how,
/// when, with a note; one row per decision, the latest counts).
struct CreateQualityChecks: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("project_quality_checks")
            .id()
            .field("project_id", .uuid, .required, .references("projects", "id", onDelete: .cascade))
            .field("task_id", .uuid, .required, .references("project_tasks", "id", onDelete: .cascade))
            .field("criterion", .string, .required)
            .field("result", .string, .required)
            .field("evidence", .string)
            .field("evidence_link", .string)
            .field("note", .string)
            .field("reviewer_id", .uuid, .references("users", "id", onDelete: .setNull))
            .field("checked_at", .datetime, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("project_deliverable_acceptances")
            .id()
            .field("project_id", .uuid, .required, .references("projects", "id", onDelete: .cascade))
            .field("task_id", .uuid, .required, .references("project_tasks", "id", onDelete: .cascade))
            .field("decision", .string, .required)
            .field("contact_id", .uuid, .references("contacts", "id", onDelete: .setNull))
            .field("channel", .string, .required)
            .field("note", .string)
            .field("recorded_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("decided_at", .datetime, .required)
            .create()
        let sql = database.sql
        try await sql.create(index: "project_quality_checks_task").on("project_quality_checks")
            .column("project_id").column("task_id").column("checked_at").run()
        try await sql.create(index: "project_deliverable_acceptances_task").on("project_deliverable_acceptances")
            .column("project_id").column("task_id").column("decided_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("project_deliverable_acceptances").delete()
        try await database.schema("project_quality_checks").delete()
    }
}
