import FluentKit
import FluentSQL
import SQLKit

/// Work plans: a project's tasks (`project_tasks`: owner, department, start and due days, estimate, deliverable,
/// acceptance check, status; the tasks it waits for and the RACI parts of its deliverable as JSON, so that the
/// dependency check of a write reads the project's edges with its tasks in one statement) and its milestones
/// (`project_milestones`).
struct CreateProjectTasks: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("project_tasks")
            .id()
            .field("project_id", .uuid, .required, .references("projects", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("description", .string)
            .field("owner_id", .uuid, .references("users", "id", onDelete: .setNull))
            .field("department_id", .uuid, .references("departments", "id", onDelete: .setNull))
            .field("start_on", .string)
            .field("due_on", .string)
            .field("estimate_hours", .double)
            .field("predecessors", .string, .required)
            .field("deliverable", .string)
            .field("acceptance_check", .string)
            .field("status", .string, .required)
            .field("raci", .string, .required)
            .field("created_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.schema("project_milestones")
            .id()
            .field("project_id", .uuid, .required, .references("projects", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("date", .string, .required)
            .field("reached", .bool, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        let sql = database.sql
        try await sql.create(index: "project_tasks_project").on("project_tasks").column("project_id").column("id").run()
        try await sql.create(index: "project_tasks_owner").on("project_tasks").column("owner_id").column("status").run()
        try await sql.create(index: "project_milestones_project").on("project_milestones").column("project_id")
            .column("date").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("project_milestones").delete()
        try await database.schema("project_tasks").delete()
    }
}
