import FluentKit
import SQLKit

struct CreateCustomerTeam: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("customer_team")
            .id()
            .field("customer_id", .uuid, .required, .references("customers", "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("role", .string, .required)
            .field("added_at", .datetime, .required)
            .unique(on: "customer_id", "user_id")
            .create()
        try await database.sql.create(index: "customer_team_user").on("customer_team")
            .column("user_id").column("customer_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("customer_team").delete()
    }
}
