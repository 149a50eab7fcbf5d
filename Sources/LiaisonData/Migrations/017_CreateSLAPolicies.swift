import FluentKit

struct CreateSLAPolicies: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("sla_policies")
            .id()
            .field("name", .string, .required)
            .field("calendar_id", .uuid, .required, .references("calendars", "id", onDelete: .restrict))
            .field("rules", .string, .required)
            .field("fallback", .string, .required)
            .field("is_default", .bool, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("sla_policies").delete()
    }
}
