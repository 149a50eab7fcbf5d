import FluentKit

/// An uploaded CSV file between preview and acceptance: the parsed rows with their problems.
struct CreateImports: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("imports")
            .id()
            .field("kind", .string, .required)
            .field("created_by", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("filename", .string, .required)
            .field("encoding", .string, .required)
            .field("rows", .string, .required)
            .field("status", .string, .required)
            .field("created_at", .datetime, .required)
            .field("finished_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("imports").delete()
    }
}
