import FluentKit
import FluentSQL
import SQLKit

/// The project alerts (overdue tasks, slipping milestones): `alerted_at` on tasks and milestones, set once an item
/// has been alerted and cleared when its date or state changes, and a partial index on each holding only the items
/// still to alert, by date, so that the sweep reads the few that have just fallen due instead of every task.
struct AddProjectAlerts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("project_tasks").field("alerted_at", .datetime).update()
        try await database.schema("project_milestones").field("alerted_at", .datetime).update()
        let sql = database.sql
        try await sql.raw(
            """
            CREATE INDEX project_tasks_to_alert ON project_tasks (due_on)
            WHERE alerted_at IS NULL AND status IN ('notStarted', 'inProgress', 'blocked')
            """
        ).run()
        try await sql.raw(
            """
            CREATE INDEX project_milestones_to_alert ON project_milestones (date)
            WHERE alerted_at IS NULL AND NOT reached
            """
        ).run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.raw("DROP INDEX project_milestones_to_alert").run()
        try await database.sql.raw("DROP INDEX project_tasks_to_alert").run()
        try await database.schema("project_milestones").deleteField("alerted_at").update()
        try await database.schema("project_tasks").deleteField("alerted_at").update()
    }
}
