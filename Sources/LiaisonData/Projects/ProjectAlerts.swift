import FluentKit
import Foundation
import LiaisonCore
import SQLKit

/// The project alerts: a task still open after its due day tells its owner and the project's manager, a milestone
/// not reached by its date tells the manager; once per item (`alerted_at`, cleared when its date or state
/// changes, so that a new due day can alert again), through notifications that respect need-to-know. Each pass
/// reads, by a partial index, only the items not yet alerted whose day has passed, at most `limit` of each. Items of
/// projects that are not active are marked without an alert (nobody is chased for a project in planning, on hold or
/// closed) and armed again when the project becomes active.
public enum ProjectAlerts {
    public struct Result: Sendable, Equatable {
        public var tasks = 0
        public var milestones = 0
        /// More items were waiting than one pass takes.
        public var more = false

        public init() {}
    }

    public static func run(today: LocalDate, now: Date, limit: Int = 500, on tx: any Database) async throws -> Result {
        var result = Result()
        let sql = tx.sql
        let day = today.description
        let tasks = try await sql.raw(
            """
            SELECT t.id, t.name, t.due_on, t.owner_id, t.project_id, p.number, p.name AS project_name, p.status,
                p.customer_id, p.manager_id
            FROM project_tasks t JOIN projects p ON p.id = t.project_id
            WHERE t.alerted_at IS NULL AND t.status IN ('notStarted', 'inProgress', 'blocked') AND t.due_on < \(bind: day)
            ORDER BY t.due_on LIMIT \(literal: limit)
            """
        ).all()
        var taskIDs: [UUID] = []
        for row in tasks {
            let id = try row.uuid("id")
            taskIDs.append(id)
            let project = try Item(row)
            guard project.active else { continue }
            let due = try row.decode(column: "due_on", as: String.self)
            let values = [project.label, try row.decode(column: "name", as: String.self), due]
            var told = Set<UUID>()
            for person in [try row.optionalUUID("owner_id"), project.managerID].compactMap({ $0 })
            where told.insert(person).inserted {
                try await NotificationStore.add(
                    to: person, kind: .taskOverdue, textKey: "notify.taskOverdue", values: values,
                    subject: .workPlan(project: project.projectID), about: project.customerID,
                    dedupeKey: "taskOverdue.\(id.idText).\(due)", at: now, on: tx)
            }
            result.tasks += 1
        }
        if !taskIDs.isEmpty {
            try await sql.raw("UPDATE project_tasks SET alerted_at = \(bind: now) WHERE id IN (\(binds: taskIDs))").run()
        }
        let milestones = try await sql.raw(
            """
            SELECT m.id, m.name, m.date, m.project_id, p.number, p.name AS project_name, p.status, p.customer_id,
                p.manager_id
            FROM project_milestones m JOIN projects p ON p.id = m.project_id
            WHERE m.alerted_at IS NULL AND NOT m.reached AND m.date < \(bind: day)
            ORDER BY m.date LIMIT \(literal: limit)
            """
        ).all()
        var milestoneIDs: [UUID] = []
        for row in milestones {
            let id = try row.uuid("id")
            milestoneIDs.append(id)
            let project = try Item(row)
            guard project.active, let manager = project.managerID else { continue }
            let date = try row.decode(column: "date", as: String.self)
            try await NotificationStore.add(
                to: manager, kind: .milestoneSlipping, textKey: "notify.milestoneSlipping",
                values: [project.label, try row.decode(column: "name", as: String.self), date],
                subject: .workPlan(project: project.projectID), about: project.customerID,
                dedupeKey: "milestoneSlipping.\(id.idText).\(date)", at: now, on: tx)
            result.milestones += 1
        }
        if !milestoneIDs.isEmpty {
            try await sql.raw(
                "UPDATE project_milestones SET alerted_at = \(bind: now) WHERE id IN (\(binds: milestoneIDs))"
            ).run()
        }
        result.more = tasks.count == limit || milestones.count == limit
        return result
    }

    /// The project became active: its open tasks and milestones may be alerted again.
    static func rearm(projectID: UUID, on tx: any Database) async throws {
        let sql = tx.sql
        try await sql.raw(
            "UPDATE project_tasks SET alerted_at = NULL WHERE project_id = \(bind: projectID) AND alerted_at IS NOT NULL"
        ).run()
        try await sql.raw(
            """
            UPDATE project_milestones SET alerted_at = NULL
            WHERE project_id = \(bind: projectID) AND alerted_at IS NOT NULL
            """
        ).run()
    }

    /// The project columns both reads carry.
    struct Item {
        var projectID: UUID
        var label: String
        var active: Bool
        var customerID: UUID
        var managerID: UUID?

        init(_ row: any SQLRow) throws {
            projectID = try row.uuid("project_id")
            label =
                ProjectNumber.format(try row.decode(column: "number", as: Int.self)) + " "
                + (try row.decode(column: "project_name", as: String.self))
            active = try row.decode(column: "status", as: String.self) == ProjectStatus.active.rawValue
            customerID = try row.uuid("customer_id")
            managerID = try row.optionalUUID("manager_id")
        }
    }
}
