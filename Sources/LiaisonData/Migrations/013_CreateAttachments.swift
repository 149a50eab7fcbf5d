import FluentKit
import SQLKit

struct CreateAttachments: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // Content for the database blob store (several nodes on one PostgreSQL); the file store leaves it empty.
        try await database.schema("blobs")
            .field("sha256", .string, .identifier(auto: false))
            .field("size", .int64, .required)
            .field("data", .data, .required)
            .create()
        try await database.schema("attachments")
            .id()
            .field("sha256", .string, .required)
            .field("size", .int64, .required)
            .field("mime", .string, .required)
            .field("filename", .string, .required)
            .field("customer_id", .uuid, .required, .references("customers", "id", onDelete: .cascade))
            .field("interaction_id", .uuid, .references("interactions", "id", onDelete: .cascade))
            .field("uploaded_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("created_at", .datetime, .required)
            .create()
        let sql = database.sql
        try await sql.create(index: "attachments_customer").on("attachments").column("customer_id").run()
        try await sql.create(index: "attachments_interaction").on("attachments").column("interaction_id").run()
        try await sql.create(index: "attachments_sha").on("attachments").column("sha256").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("attachments").delete()
        try await database.schema("blobs").delete()
    }
}
