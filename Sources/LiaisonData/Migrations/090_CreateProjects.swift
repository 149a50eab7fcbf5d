import FluentKit
import FluentSQL
import SQLKit

/// Projects (`projects`: customer, manager, human number, status, dates), their teams (`project_members`), the
/// versions of their charters (`charter_versions`: the content as one JSON document, so later versions may carry
/// more sections) and the contacts asked to sign a version (`charter_signers`: the hash of each one's single-use
/// link, and who signed, when and from which address).
struct CreateProjects: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("projects")
            .id()
            .field("number", .int64, .required)
            .field("customer_id", .uuid, .required, .references("customers", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("description", .string)
            .field("manager_id", .uuid, .references("users", "id", onDelete: .setNull))
            .field("status", .string, .required)
            .field("start_on", .string)
            .field("end_on", .string)
            .field("created_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "number")
            .create()
        try await database.schema("project_members")
            .id()
            .field("project_id", .uuid, .required, .references("projects", "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("role", .string, .required)
            .field("added_at", .datetime, .required)
            .unique(on: "project_id", "user_id")
            .create()
        try await database.schema("charter_versions")
            .id()
            .field("project_id", .uuid, .required, .references("projects", "id", onDelete: .cascade))
            .field("number", .int, .required)
            .field("status", .string, .required)
            .field("content", .string, .required)
            .field("created_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .field("sent_at", .datetime)
            .field("sent_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("signed_at", .datetime)
            .field("version", .int, .required)
            .unique(on: "project_id", "number")
            .create()
        try await database.schema("charter_signers")
            .id()
            .field("charter_version_id", .uuid, .required, .references("charter_versions", "id", onDelete: .cascade))
            .field("contact_id", .uuid, .required, .references("contacts", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("email", .string)
            .field("locale", .string, .required)
            .field("token_hash", .string, .required)
            .field("created_at", .datetime, .required)
            .field("mailed_at", .datetime)
            .field("signed_at", .datetime)
            .field("signed_address", .string)
            .field("signed_user_id", .uuid, .references("users", "id", onDelete: .setNull))
            .unique(on: "token_hash")
            .unique(on: "charter_version_id", "contact_id")
            .create()
        let sql = database.sql
        try await sql.create(index: "projects_customer").on("projects").column("customer_id").run()
        try await sql.create(index: "projects_created").on("projects").column("created_at").run()
        try await sql.create(index: "project_members_user").on("project_members").column("user_id").run()
        try await sql.create(index: "charter_signers_contact").on("charter_signers").column("contact_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("charter_signers").delete()
        try await database.schema("charter_versions").delete()
        try await database.schema("project_members").delete()
        try await database.schema("projects").delete()
    }
}
