import FluentKit
import SQLKit

struct CreateAuditEntries: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("audit_entries")
            .field("id", .int64, .identifier(auto: false))
            .field("at_ms", .int64, .required)
            .field("actor_id", .string)
            .field("actor_label", .string, .required)
            .field("action", .string, .required)
            .field("record_type", .string, .required)
            .field("record_id", .string)
            .field("address", .string)
            .field("changes", .string, .required)
            .field("prev_hash", .string, .required)
            .field("hash", .string, .required)
            .create()
        let sql = database.sql
        try await sql.create(index: "audit_actor").on("audit_entries").column("actor_id").column("id").run()
        try await sql.create(index: "audit_record").on("audit_entries").column("record_type").column("record_id")
            .column("id").run()
        try await sql.create(index: "audit_action").on("audit_entries").column("action").column("id").run()
        try await sql.create(index: "audit_at").on("audit_entries").column("at_ms").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("audit_entries").delete()
    }
}
