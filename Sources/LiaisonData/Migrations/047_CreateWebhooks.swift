import FluentKit
import SQLKit

/// Outgoing webhooks, the delivery log shared with chat robots, and the dispatcher's cursor in the audit trail.
/// Secrets are stored sealed (`SecretBox`). A webhook or robot remembers the audit entry it was created after
/// (`since_audit_id`), so it never receives events from before it existed.
struct CreateWebhooks: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("webhooks")
            .id()
            .field("name", .string, .required)
            .field("url", .string, .required)
            .field("events", .string, .required)
            .field("secret", .string, .required)
            .field("max_classification", .string, .required)
            .field("active", .bool, .required)
            .field("consecutive_failures", .int, .required)
            .field("disabled_at", .datetime)
            .field("disabled_reason", .string)
            .field("since_audit_id", .int64, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.schema("hook_deliveries")
            .id()
            .field("target_kind", .string, .required)
            .field("target_id", .uuid, .required)
            .field("event", .string, .required)
            .field("audit_id", .int64)
            .field("record_id", .uuid)
            .field("status", .string, .required)
            .field("attempts", .int, .required)
            .field("response_status", .int)
            .field("response_excerpt", .string)
            .field("error", .string)
            .field("duration_ms", .int)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            // One delivery per target and audit entry, however often the dispatcher reads the entry.
            .unique(on: "target_id", "audit_id")
            .create()
        let sql = database.sql
        try await sql.raw("CREATE INDEX hook_deliveries_target ON hook_deliveries (target_id, created_at)").run()
        try await sql.raw("CREATE TABLE hook_cursor (id INTEGER PRIMARY KEY, last_audit_id BIGINT NOT NULL)").run()
        try await sql.raw("INSERT INTO hook_cursor (id, last_audit_id) VALUES (1, 0)").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database.sql
        try await sql.raw("DROP TABLE hook_cursor").run()
        try await database.schema("hook_deliveries").delete()
        try await database.schema("webhooks").delete()
    }
}
