import FluentKit
import SQLKit

/// The feedback form's stamps already posted, with the request each one opened: a form posted twice (a double
/// click, a browser resending, a replay, the second post reaching another server) opens one request, across
/// restarts and servers. Rows go after two days (a stamp is good for one).
struct CreateFeedbackStamps: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("feedback_stamps")
            .field("nonce", .string, .identifier(auto: false))
            .field("request_id", .uuid)
            .field("number", .int64)
            .field("created_at", .datetime, .required)
            .create()
        try await database.sql.raw("CREATE INDEX feedback_stamps_created ON feedback_stamps (created_at)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("feedback_stamps").delete()
    }
}
