import FluentKit
import SQLKit

/// Files attached to a request's messages (they belong to the request's customer too).
struct AddMessageAttachments: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("attachments").field("message_id", .uuid).update()
        try await database.sql.create(index: "attachments_message").on("attachments").column("message_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.drop(index: "attachments_message").run()
        try await database.schema("attachments").deleteField("message_id").update()
    }
}
