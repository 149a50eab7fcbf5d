import FluentKit
import FluentSQL
import SQLKit

/// A project's change requests (`project_change_requests`: number per project, kinds, text, the assessment of
/// its impact, the charter changes it proposes as JSON, status, who assessed and who of the customer decided, the
/// charter version the approval made) and the single-use decision links sent to the customer's contacts
/// (`project_change_request_links`: only the link's hash is kept).
struct CreateChangeRequests: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("project_change_requests")
            .id()
            .field("project_id", .uuid, .required, .references("projects", "id", onDelete: .cascade))
            .field("number", .int, .required)
            .field("title", .string, .required)
            .field("kinds", .string, .required)
            .field("description", .string)
            .field("reason", .string)
            .field("impact_scope", .string)
            .field("impact_schedule_days", .int)
            .field("impact_cost_amount", .string)
            .field("impact_cost_currency", .string)
            .field("impact_note", .string)
            .field("charter_changes", .string, .required)
            .field("status", .string, .required)
            .field("requested_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("assessed_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("assessed_at", .datetime)
            .field("sent_at", .datetime)
            .field("decided_by_contact", .uuid, .references("contacts", "id", onDelete: .setNull))
            .field("decided_at", .datetime)
            .field("decision_channel", .string)
            .field("decision_note", .string)
            .field("charter_version_id", .uuid, .references("charter_versions", "id", onDelete: .setNull))
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "project_id", "number")
            .create()
        try await database.schema("project_change_request_links")
            .id()
            .field(
                "change_request_id", .uuid, .required,
                .references("project_change_requests", "id", onDelete: .cascade))
            .field("contact_id", .uuid, .required, .references("contacts", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("email", .string)
            .field("locale", .string, .required)
            .field("token_hash", .string, .required)
            .field("mailed_at", .datetime)
            .field("created_at", .datetime, .required)
            .unique(on: "token_hash")
            .unique(on: "change_request_id", "contact_id")
            .create()
        try await database.sql.create(index: "project_change_requests_status").on("project_change_requests")
            .column("project_id").column("status").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("project_change_request_links").delete()
        try await database.schema("project_change_requests").delete()
    }
}
