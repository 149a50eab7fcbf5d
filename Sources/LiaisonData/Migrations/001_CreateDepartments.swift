import FluentKit
import SQLKit

struct CreateDepartments: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("departments")
            .id()
            .field("name", .string, .required)
            .field("name_en", .string)
            .field("code", .string)
            .field("parent_id", .uuid, .references("departments", "id", onDelete: .setNull))
            .field("sort_key", .string, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "code")
            .create()
        try await database.sql.create(index: "departments_sort_key").on("departments")
            .column("sort_key").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("departments").delete()
    }
}
