import FluentKit
import SQLKit

struct CreateCustomers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("customers")
            .id()
            .field("kind", .string, .required)
            .field("name", .string, .required)
            .field("name_en", .string)
            .field("sort_key", .string, .required)
            .field("industry", .string)
            .field("tier", .string, .required)
            .field("region", .string)
            .field("status", .string, .required)
            .field("classification", .string, .required)
            .field("tags", .string, .required)
            .field("owner_id", .uuid, .references("users", "id", onDelete: .setNull))
            .field("website", .string)
            .field("phone", .string)
            .field("address", .string)
            .field("notes", .string)
            .field("contact_count", .int, .required)
            .field("last_activity_at", .datetime, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .field("deleted_at", .datetime)
            .create()
        let sql = database.sql
        try await sql.create(index: "customers_sort").on("customers").column("sort_key").column("id").run()
        try await sql.create(index: "customers_classification").on("customers").column("classification").run()
        try await sql.create(index: "customers_owner").on("customers").column("owner_id").run()
        try await sql.create(index: "customers_recent").on("customers").column("last_activity_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("customers").delete()
    }
}
