import FluentKit
import FluentSQL
import SQLKit

/// A project's risks (`project_risks`: probability and impact on the five-step scale, owner, mitigation,
/// contingency, due day, status, the issue it became) and issues (`project_issues`: severity, owner, resolution,
/// due day, status, the risk it came from). Both carry when the customer was last told.
struct CreateRisks: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("project_issues")
            .id()
            .field("project_id", .uuid, .required, .references("projects", "id", onDelete: .cascade))
            .field("title", .string, .required)
            .field("description", .string)
            .field("severity", .string, .required)
            .field("owner_id", .uuid, .references("users", "id", onDelete: .setNull))
            .field("resolution", .string)
            .field("due_on", .string)
            .field("status", .string, .required)
            .field("risk_id", .uuid)
            .field("told_at", .datetime)
            .field("created_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.schema("project_risks")
            .id()
            .field("project_id", .uuid, .required, .references("projects", "id", onDelete: .cascade))
            .field("title", .string, .required)
            .field("description", .string)
            .field("probability", .int, .required)
            .field("impact", .int, .required)
            .field("owner_id", .uuid, .references("users", "id", onDelete: .setNull))
            .field("mitigation", .string)
            .field("contingency", .string)
            .field("due_on", .string)
            .field("status", .string, .required)
            .field("issue_id", .uuid, .references("project_issues", "id", onDelete: .setNull))
            .field("told_at", .datetime)
            .field("created_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        let sql = database.sql
        try await sql.create(index: "project_risks_project").on("project_risks").column("project_id").column("id").run()
        try await sql.create(index: "project_issues_project").on("project_issues").column("project_id").column("id")
            .run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("project_risks").delete()
        try await database.schema("project_issues").delete()
    }
}
