import FluentKit
import FluentSQL
import Foundation
import SQLKit

/// Commitments (承诺跟进): promises to a customer with an owner and a due time, from replies, interactions'
/// next steps, meetings or entered by hand; `reminded_at` and `breached_at` record what the sweep has done once,
/// `next_check_at` (indexed) when it looks next.
///
/// Every interaction's next step becomes a commitment of source `interaction`: its text (the first 500
/// characters), its owner (the interaction's author when the owner is gone; a step with neither is left), done when
/// the step was done. A step without a due time is due seven days after the interaction. A step still open whose
/// due time has passed counts as breached at its due time without anyone being told again (it was overdue before
/// the upgrade; telling every owner and lead of each old step at once would bury what is new).
struct CreateCommitments: AsyncMigration {
    /// The due time of a step that had none: this long after the interaction.
    static let defaultDueAfter: TimeInterval = 7 * 86_400
    /// The reminder lead time the first sweep schedules with (the setting's default then).
    static let reminderLead: TimeInterval = 24 * 3_600
    static let maxText = 500

    func prepare(on database: any Database) async throws {
        try await database.schema("commitments")
            .id()
            .field("text", .string, .required)
            .field("owner_id", .uuid, .required, .references("users", "id"))
            .field("due_at", .datetime, .required)
            .field("status", .string, .required)
            .field("source", .string, .required)
            .field("customer_id", .uuid, .references("customers", "id", onDelete: .cascade))
            .field("request_id", .uuid, .references("requests", "id", onDelete: .cascade))
            .field("interaction_id", .uuid, .references("interactions", "id", onDelete: .setNull))
            .field("message_id", .uuid)
            .field("reminded_at", .datetime)
            .field("breached_at", .datetime)
            .field("done_at", .datetime)
            .field("done_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("created_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("next_check_at", .datetime)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        let sql = database.sql
        try await sql.create(index: "commitments_owner").on("commitments").column("owner_id").column("due_at").run()
        try await sql.create(index: "commitments_customer").on("commitments").column("customer_id").column("due_at")
            .run()
        try await sql.create(index: "commitments_request").on("commitments").column("request_id").run()
        try await sql.create(index: "commitments_interaction").on("commitments").column("interaction_id").run()
        try await sql.create(index: "commitments_next_check").on("commitments").column("next_check_at").run()
        try await sql.raw("CREATE INDEX commitments_open_due ON commitments (due_at) WHERE status = 'open'").run()
        try await copyNextSteps(on: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema("commitments").delete()
    }

    private func copyNextSteps(on database: any Database) async throws {
        let sql = database.sql
        let now = Date()
        let rows = try await sql.raw(
            """
            SELECT i.id, i.customer_id, i.next_step, i.next_step_owner_id, i.next_step_due_at, i.next_step_done_at,
                i.occurred_at, i.created_by, i.created_at, i.updated_at
            FROM interactions i
            WHERE i.next_step IS NOT NULL AND i.next_step <> ''
                AND (i.next_step_owner_id IS NOT NULL OR i.created_by IS NOT NULL)
            """
        ).all()
        for row in rows {
            let interaction = try row.decode(column: "id", as: UUID.self)
            let owner =
                try row.decodeNil(column: "next_step_owner_id")
                ? try row.decode(column: "created_by", as: UUID.self)
                : try row.decode(column: "next_step_owner_id", as: UUID.self)
            let occurredAt = try row.decode(column: "occurred_at", as: Date.self)
            let dueAt =
                try row.decodeNil(column: "next_step_due_at")
                ? occurredAt.addingTimeInterval(Self.defaultDueAfter)
                : try row.decode(column: "next_step_due_at", as: Date.self)
            let doneAt: Date? =
                try row.decodeNil(column: "next_step_done_at")
                ? nil : try row.decode(column: "next_step_done_at", as: Date.self)
            let createdBy: UUID? =
                try row.decodeNil(column: "created_by") ? nil : try row.decode(column: "created_by", as: UUID.self)
            let text = String(try row.decode(column: "next_step", as: String.self).prefix(Self.maxText))
            let open = doneAt == nil
            let breachedAt: Date? = open && dueAt <= now ? dueAt : nil
            let nextCheck: Date? =
                open && breachedAt == nil ? max(now, dueAt.addingTimeInterval(-Self.reminderLead)) : nil
            try await sql.raw(
                """
                INSERT INTO commitments (id, text, owner_id, due_at, status, source, customer_id, interaction_id,
                    breached_at, done_at, done_by, created_by, next_check_at, version, created_at, updated_at)
                VALUES (\(bind: UUID()), \(bind: text), \(bind: owner), \(bind: dueAt),
                    \(bind: open ? "open" : "done"), 'interaction',
                    \(bind: try row.decode(column: "customer_id", as: UUID.self)), \(bind: interaction),
                    \(bind: breachedAt), \(bind: doneAt), \(bind: open ? nil : owner), \(bind: createdBy),
                    \(bind: nextCheck), 1, \(bind: try row.decode(column: "created_at", as: Date.self)),
                    \(bind: try row.decode(column: "updated_at", as: Date.self)))
                """
            ).run()
        }
    }
}
