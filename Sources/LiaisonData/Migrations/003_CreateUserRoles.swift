import FluentKit
import SQLKit

struct CreateUserRoles: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("user_roles")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("role", .string, .required)
            .unique(on: "user_id", "role")
            .create()
        try await database.sql.create(index: "user_roles_role").on("user_roles")
            .column("role").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("user_roles").delete()
    }
}
