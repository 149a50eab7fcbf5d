import FluentKit
import FluentSQL
import SQLKit

/// How long a mailbox's servers may take: to connect, and to answer each command (seconds).
struct AddMailboxTimeouts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("mailboxes")
            .field("connect_timeout", .int, .required, .sql(.default(10)))
            .update()
        try await database.schema("mailboxes")
            .field("command_timeout", .int, .required, .sql(.default(30)))
            .update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("mailboxes").deleteField("command_timeout").update()
        try await database.schema("mailboxes").deleteField("connect_timeout").update()
    }
}
