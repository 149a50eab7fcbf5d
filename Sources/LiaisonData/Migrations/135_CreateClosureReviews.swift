import FluentKit
import FluentSQL
import SQLKit

/// Closure reviews and improvement actions:
///
/// - `project_reviews`: one per project (the team's notes, draft or final; a final review keeps the facts it was
///   finalised with as JSON in `facts`, so that it never changes afterwards);
/// - `customer_evaluations`: one per contact and project (scores 1–5 on four points and a comment; asked through
///   a single-use link, whose hash is kept, or given in the portal);
/// - `improvement_actions`: numbered IA-1 …, an owner and a due day each, from a review's project or from nowhere,
///   with the project's customer copied for need-to-know, and where the reminder job stands (`reminded_at` for
///   "due tomorrow", `overdue_at` for "overdue", `next_check_at` indexed);
/// - `project_tasks.done_at` and `project_milestones.reached_at`: when a task was done and a milestone reached, so
///   that a review can tell on time from late. Tasks already done and milestones already reached take the time of
///   their last change, the best there is.
struct CreateClosureReviews: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("project_reviews")
            .id()
            .field("project_id", .uuid, .required, .references("projects", "id", onDelete: .cascade))
            .field("went_well", .string, .required)
            .field("fell_short", .string, .required)
            .field("lessons", .string, .required)
            .field("status", .string, .required)
            .field("facts", .string)
            .field("finalised_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("finalised_at", .datetime)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "project_id")
            .create()
        try await database.schema("customer_evaluations")
            .id()
            .field("project_id", .uuid, .required, .references("projects", "id", onDelete: .cascade))
            .field("contact_id", .uuid, .required, .references("contacts", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("email", .string)
            .field("locale", .string, .required)
            .field("token_hash", .string)
            .field("asked_at", .datetime)
            .field("asked_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("mailed_at", .datetime)
            .field("score_overall", .int)
            .field("score_communication", .int)
            .field("score_quality", .int)
            .field("score_timeliness", .int)
            .field("comment", .string)
            .field("submitted_at", .datetime)
            .field("submitted_user_id", .uuid, .references("users", "id", onDelete: .setNull))
            .field("submitted_address", .string)
            .field("created_at", .datetime, .required)
            .unique(on: "project_id", "contact_id")
            .unique(on: "token_hash")
            .create()
        try await database.schema("improvement_actions")
            .id()
            .field("number", .int64, .required)
            .field("title", .string, .required)
            .field("description", .string)
            .field("owner_id", .uuid, .required, .references("users", "id"))
            .field("due_on", .string, .required)
            .field("status", .string, .required)
            .field("done_at", .datetime)
            .field("project_id", .uuid, .references("projects", "id", onDelete: .setNull))
            .field("customer_id", .uuid, .references("customers", "id", onDelete: .cascade))
            .field("created_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("reminded_at", .datetime)
            .field("overdue_at", .datetime)
            .field("next_check_at", .datetime)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "number")
            .create()
        try await database.schema("project_tasks").field("done_at", .datetime).update()
        try await database.schema("project_milestones").field("reached_at", .datetime).update()
        let sql = database.sql
        try await sql.raw("UPDATE project_tasks SET done_at = updated_at WHERE status = 'done'").run()
        try await sql.raw("UPDATE project_milestones SET reached_at = updated_at WHERE reached = \(bind: true)").run()
        try await sql.create(index: "customer_evaluations_contact").on("customer_evaluations").column("contact_id")
            .run()
        try await sql.create(index: "improvement_actions_owner").on("improvement_actions").column("owner_id")
            .column("status").run()
        try await sql.create(index: "improvement_actions_project").on("improvement_actions").column("project_id").run()
        try await sql.create(index: "improvement_actions_customer").on("improvement_actions").column("customer_id")
            .run()
        try await sql.create(index: "improvement_actions_check").on("improvement_actions").column("next_check_at")
            .run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("project_milestones").deleteField("reached_at").update()
        try await database.schema("project_tasks").deleteField("done_at").update()
        try await database.schema("improvement_actions").delete()
        try await database.schema("customer_evaluations").delete()
        try await database.schema("project_reviews").delete()
    }
}
