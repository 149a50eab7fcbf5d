import FluentKit
import SQLKit

/// Where each kind of notification reaches a person (in Liaison, by email, in the department's chat group), and
/// the person's quiet hours (minutes after midnight on their own clock). A kind without a row is shown in Liaison
/// only.
struct CreateNotificationPreferences: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("notification_preferences")
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("in_app", .bool, .required)
            .field("email", .bool, .required)
            .field("chat", .bool, .required)
            .unique(on: "user_id", "kind")
            .create()
        try await database.schema("users").field("quiet_start", .int).update()
        try await database.schema("users").field("quiet_end", .int).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("users").deleteField("quiet_end").update()
        try await database.schema("users").deleteField("quiet_start").update()
        try await database.schema("notification_preferences").delete()
    }
}
