import FluentKit
import SQLKit

struct CreateUsers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("users")
            .id()
            .field("email", .string, .required)
            .field("name", .string, .required)
            .field("sort_key", .string, .required)
            .field("title", .string)
            .field("phone", .string)
            .field("department_id", .uuid, .references("departments", "id", onDelete: .setNull))
            .field("locale", .string)
            .field("time_zone", .string, .required)
            .field("password_hash", .string, .required)
            .field("must_change_password", .bool, .required)
            .field("active", .bool, .required)
            .field("failed_sign_ins", .int, .required)
            .field("locked_until", .datetime)
            .field("last_sign_in_at", .datetime)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "email")
            .create()
        let sql = database.sql
        try await sql.create(index: "users_sort_key").on("users").column("sort_key").column("id").run()
        try await sql.create(index: "users_department").on("users").column("department_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("users").delete()
    }
}
