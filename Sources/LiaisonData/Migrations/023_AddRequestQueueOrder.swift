import FluentKit
import SQLKit

/// Queues list open requests soonest-due first straight from an index: `due_key` is the resolution due time (a far
/// future stand-in when there is none, so those come last), and partial indexes hold only open requests, by
/// assignee, by queue and overall.
struct AddRequestQueueOrder: AsyncMigration {
    /// Sorts after every real due time.
    static let farFuture = "3000-01-01 00:00:00"
    /// "Open" as the partial indexes say it.
    static let openCondition = "status IN ('new', 'open', 'waitingOnCustomer')"

    func prepare(on database: any Database) async throws {
        let sql = database.sql
        try await database.schema("requests").field("due_key", .datetime).update()
        if sql.dialect.name == "postgresql" {
            try await sql.raw("UPDATE requests SET due_key = COALESCE(resolution_due_at, TIMESTAMPTZ '3000-01-01 00:00:00+00')").run()
        } else {
            // Fluent stores SQLite dates as seconds since 1970 (a REAL).
            try await sql.raw("UPDATE requests SET due_key = COALESCE(resolution_due_at, 32503680000.0)").run()
        }
        // The condition as it was when this migration shipped; the queries say it through
        // `RequestQueueOrder.openCondition`, which must stay equal to it for the indexes to be used.
        let open = Self.openCondition
        try await sql.raw("CREATE INDEX requests_open_assignee ON requests (assignee_id, due_key, id) WHERE \(unsafeRaw: open)").run()
        try await sql.raw("CREATE INDEX requests_open_queue ON requests (queue_id, due_key, id) WHERE \(unsafeRaw: open)").run()
        try await sql.raw("CREATE INDEX requests_open_due ON requests (due_key, id) WHERE \(unsafeRaw: open)").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database.sql
        for index in ["requests_open_due", "requests_open_queue", "requests_open_assignee"] {
            try await sql.raw("DROP INDEX \(ident: index)").run()
        }
        try await database.schema("requests").deleteField("due_key").update()
    }
}

/// The SQL the queries that must use the partial indexes of migration 023 say for "open": written out, not bound,
/// so that the database can see the query's condition is the index's. `MigrationValuesTests` keeps it equal to the
/// migration's own copy.
enum RequestQueueOrder {
    static let openCondition = "status IN ('new', 'open', 'waitingOnCustomer')"
}
