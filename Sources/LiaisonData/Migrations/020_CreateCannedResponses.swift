import FluentKit

struct CreateCannedResponses: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("canned_responses")
            .id()
            .field("department_id", .uuid, .references("departments", "id", onDelete: .cascade))
            .field("title", .string, .required)
            .field("body_zh", .string, .required)
            .field("body_en", .string, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("canned_responses").delete()
    }
}
