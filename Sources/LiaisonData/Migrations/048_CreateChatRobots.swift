import FluentKit

/// Departments' chat robots (WeCom, DingTalk, Feishu, Slack). The address is sealed like the secret: a group
/// robot's URL carries its key. `url_hint` is what pages show of it.
struct CreateChatRobots: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("chat_robots")
            .id()
            .field("name", .string, .required)
            .field("department_id", .uuid, .required, .references("departments", "id", onDelete: .restrict))
            .field("kind", .string, .required)
            .field("url", .string, .required)
            .field("url_hint", .string, .required)
            .field("secret", .string)
            .field("events", .string, .required)
            .field("language", .string, .required)
            .field("include_subject", .bool, .required)
            .field("active", .bool, .required)
            .field("consecutive_failures", .int, .required)
            .field("disabled_at", .datetime)
            .field("disabled_reason", .string)
            .field("since_audit_id", .int64, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("chat_robots").delete()
    }
}
