import FluentKit
import SQLKit

struct CreateJobs: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("jobs")
            .id()
            .field("kind", .string, .required)
            .field("payload", .string, .required)
            .field("unique_key", .string)
            .field("status", .string, .required)
            .field("attempts", .int, .required)
            .field("max_attempts", .int, .required)
            .field("run_at_ms", .int64, .required)
            .field("locked_by", .string)
            .field("locked_until_ms", .int64)
            .field("last_error", .string)
            .field("created_at_ms", .int64, .required)
            .field("finished_at_ms", .int64)
            .unique(on: "kind", "unique_key")
            .create()
        try await database.sql.create(index: "jobs_due").on("jobs").column("status")
            .column("run_at_ms").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("jobs").delete()
    }
}
