import FluentKit
import Foundation
import LiaisonCore
import SQLKit

/// A task as lists show it: with its owner's and department's names.
public struct TaskSummary: Sendable, Equatable {
    public var task: ProjectTask
    public var ownerName: String?
    public var departmentName: String?
    public var departmentNameEn: String?

    public func departmentName(in locale: String) -> String? {
        locale.hasPrefix("en") ? (departmentNameEn ?? departmentName) : departmentName
    }
}

/// Which tasks a list shows.
public struct TaskFilter: Sendable, Equatable {
    public var status: TaskStatus?
    public var ownerID: UUID?
    public var departmentID: UUID?

    public init(status: TaskStatus? = nil, ownerID: UUID? = nil, departmentID: UUID? = nil) {
        self.status = status
        self.ownerID = ownerID
        self.departmentID = departmentID
    }
}

/// An open task of someone's, for their home page.
public struct OwnedTask: Sendable, Equatable {
    public var task: ProjectTask
    public var projectNumber: Int
    public var projectName: String
}

/// Reads of work plans. Each takes a project the caller already found through `ProjectQueries.find` (need-to-know),
/// except `openTasks(ownedBy:for:)`, which applies the customer's need-to-know itself.
public enum TaskQueries {
    static let columns = """
        t.id, t.project_id, t.name, t.description, t.owner_id, t.department_id, t.start_on, t.due_on, t.estimate_hours,
        t.predecessors, t.deliverable, t.acceptance_check, t.status, t.raci, t.version, t.created_at, t.updated_at
        """

    static func task(_ row: any SQLRow) throws -> ProjectTask {
        let id = try row.uuid("id")
        return ProjectTask(
            id: id, projectID: try row.uuid("project_id"), name: try row.decode(column: "name", as: String.self),
            description: try row.optional("description", String.self), ownerID: try row.optionalUUID("owner_id"),
            departmentID: try row.optionalUUID("department_id"),
            startOn: try row.optional("start_on", String.self).flatMap(LocalDate.init),
            dueOn: try row.optional("due_on", String.self).flatMap(LocalDate.init),
            estimateHours: try row.optional("estimate_hours", Double.self),
            predecessors: try JSONColumn.decodeIDs(
                try row.decode(column: "predecessors", as: String.self), column: "project_tasks.predecessors", row: id),
            deliverable: try row.optional("deliverable", String.self),
            acceptanceCheck: try row.optional("acceptance_check", String.self),
            status: TaskStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .notStarted,
            raci: try JSONColumn.decodeRACI(
                try row.decode(column: "raci", as: String.self), column: "project_tasks.raci", row: id),
            version: try row.decode(column: "version", as: Int.self),
            createdAt: try row.decode(column: "created_at", as: Date.self),
            updatedAt: try row.decode(column: "updated_at", as: Date.self))
    }

    static func summary(_ row: any SQLRow) throws -> TaskSummary {
        TaskSummary(
            task: try task(row), ownerName: try row.optional("owner_name", String.self),
            departmentName: try row.optional("department_name", String.self),
            departmentNameEn: try row.optional("department_name_en", String.self))
    }

    private static let joins = """
        LEFT JOIN users u ON u.id = t.owner_id LEFT JOIN departments d ON d.id = t.department_id
        """

    /// A project's tasks, in the order they were created (ids are time-ordered), keyset-paged on the id.
    public static func list(
        projectID: UUID, _ filter: TaskFilter, limit: Int, after cursor: Cursor? = nil, on db: any Database
    ) async throws -> CursorPage<TaskSummary> {
        var conditions: [SQLQueryString] = ["t.project_id = \(bind: projectID)"]
        if let status = filter.status { conditions.append("t.status = \(bind: status.rawValue)") }
        if let owner = filter.ownerID { conditions.append("t.owner_id = \(bind: owner)") }
        if let department = filter.departmentID { conditions.append("t.department_id = \(bind: department)") }
        if let cursor, let after = UUIDText.parse(cursor.id) { conditions.append("t.id > \(bind: after)") }
        let rows = try await db.sql.raw(
            """
            SELECT \(unsafeRaw: columns), u.name AS owner_name, d.name AS department_name,
                d.name_en AS department_name_en
            FROM project_tasks t \(unsafeRaw: joins)
            WHERE \(conditions.joined(separator: " AND "))
            ORDER BY t.id LIMIT \(literal: limit + 1)
            """
        ).all()
        let items = try rows.prefix(limit).map(summary)
        let next = rows.count > limit ? items.last.map { Cursor(key: "", id: $0.task.id.idText).encoded } : nil
        return CursorPage(items: Array(items), nextCursor: next)
    }

    /// Every task of a project (a plan has hundreds at most), in creation order: the Gantt chart, the RACI matrix
    /// and the dependency check read them whole.
    public static func all(projectID: UUID, on db: any Database) async throws -> [TaskSummary] {
        try await db.sql.raw(
            """
            SELECT \(unsafeRaw: columns), u.name AS owner_name, d.name AS department_name,
                d.name_en AS department_name_en
            FROM project_tasks t \(unsafeRaw: joins)
            WHERE t.project_id = \(bind: projectID) ORDER BY t.id
            """
        ).all().map(summary)
    }

    public static func find(_ id: UUID, projectID: UUID, on db: any Database) async throws -> TaskSummary? {
        try await db.sql.raw(
            """
            SELECT \(unsafeRaw: columns), u.name AS owner_name, d.name AS department_name,
                d.name_en AS department_name_en
            FROM project_tasks t \(unsafeRaw: joins)
            WHERE t.id = \(bind: id) AND t.project_id = \(bind: projectID)
            """
        ).first().map(summary)
    }

    /// The project's dependency graph and its tasks' names, in one statement: what a write checks a changed task
    /// against.
    public static func graph(projectID: UUID, on db: any Database) async throws -> (nodes: [TaskGraph.Node], names: [UUID: String]) {
        let rows = try await db.sql.raw(
            """
            SELECT id, name, start_on, due_on, predecessors FROM project_tasks
            WHERE project_id = \(bind: projectID) ORDER BY id
            """
        ).all()
        var nodes: [TaskGraph.Node] = []
        var names: [UUID: String] = [:]
        nodes.reserveCapacity(rows.count)
        for row in rows {
            let id = try row.uuid("id")
            names[id] = try row.decode(column: "name", as: String.self)
            nodes.append(
                TaskGraph.Node(
                    id: id, start: try row.optional("start_on", String.self).flatMap(LocalDate.init),
                    due: try row.optional("due_on", String.self).flatMap(LocalDate.init),
                    predecessors: try JSONColumn.decodeIDs(
                        try row.decode(column: "predecessors", as: String.self),
                        column: "project_tasks.predecessors", row: id)))
        }
        return (nodes, names)
    }

    /// The due days of some tasks of a project, as graph nodes with nothing else (no start, no predecessors): what
    /// the warnings of a page of tasks need of the tasks they wait for, without reading the whole plan.
    public static func dueNodes(of ids: [UUID], projectID: UUID, on db: any Database) async throws -> [TaskGraph.Node] {
        guard !ids.isEmpty else { return [] }
        let rows = try await db.sql.raw(
            """
            SELECT id, due_on FROM project_tasks WHERE project_id = \(bind: projectID) AND id IN (\(binds: ids))
            """
        ).all()
        return try rows.map {
            TaskGraph.Node(
                id: try $0.uuid("id"), start: nil, due: try $0.optional("due_on", String.self).flatMap(LocalDate.init))
        }
    }

    /// A person's open tasks (not started, in progress, blocked) in projects whose customer the viewer may know,
    /// earliest due first (those without a due day last).
    public static func openTasks(ownedBy userID: UUID, for viewer: CustomerViewer, limit: Int, on db: any Database)
        async throws -> [OwnedTask]
    {
        let open = TaskStatus.allCases.filter(\.isOpen).map(\.rawValue)
        let rows = try await db.sql.raw(
            """
            SELECT \(unsafeRaw: columns), p.number AS project_number, p.name AS project_name
            FROM project_tasks t JOIN projects p ON p.id = t.project_id JOIN customers k ON k.id = p.customer_id
            WHERE t.owner_id = \(bind: userID) AND t.status IN (\(binds: open)) AND k.deleted_at IS NULL
                AND \(viewer.visibility(customerColumn: "k.id", classificationColumn: "k.classification"))
            ORDER BY CASE WHEN t.due_on IS NULL THEN 1 ELSE 0 END, t.due_on, t.id LIMIT \(literal: limit)
            """
        ).all()
        return try rows.map {
            OwnedTask(
                task: try task($0), projectNumber: try $0.decode(column: "project_number", as: Int.self),
                projectName: try $0.decode(column: "project_name", as: String.self))
        }
    }
}

/// Reads of milestones.
public enum MilestoneQueries {
    /// A project's milestones by date.
    public static func all(projectID: UUID, on db: any Database) async throws -> [ProjectMilestone] {
        try await ProjectMilestoneModel.query(on: db).filter(\.$projectID == projectID).sort(\.$date).sort(\.$id)
            .all().map(\.value)
    }

    public static func find(_ id: UUID, projectID: UUID, on db: any Database) async throws -> ProjectMilestone? {
        try await ProjectMilestoneModel.query(on: db).filter(\.$id == id).filter(\.$projectID == projectID).first()?
            .value
    }
}
