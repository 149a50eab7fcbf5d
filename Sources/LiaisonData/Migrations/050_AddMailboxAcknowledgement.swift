import FluentKit
import FluentSQL
import SQLKit

/// Whether a mailbox acknowledges a request opened by mail to its sender (on unless switched off).
struct AddMailboxAcknowledgement: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("mailboxes").field("acknowledge", .bool, .required, .sql(.default(true))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("mailboxes").deleteField("acknowledge").update()
    }
}
