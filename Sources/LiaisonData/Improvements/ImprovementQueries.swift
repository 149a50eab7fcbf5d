import FluentKit
import Foundation
import LiaisonCore
import SQLKit

/// Which improvement actions a list shows.
public struct ImprovementFilter: Sendable, Equatable {
    public var status: ImprovementStatus?
    public var ownerID: UUID?
    public var projectID: UUID?
    /// Only open actions past their due day (on `today`).
    public var overdue: Bool
    public var today: LocalDate

    public init(
        status: ImprovementStatus? = nil, ownerID: UUID? = nil, projectID: UUID? = nil, overdue: Bool = false,
        today: LocalDate
    ) {
        self.status = status
        self.ownerID = ownerID
        self.projectID = projectID
        self.overdue = overdue
        self.today = today
    }
}

/// An improvement action as lists show it: with its owner's name and its project's number and name.
public struct ImprovementSummary: Sendable, Equatable {
    public var action: ImprovementAction
    public var ownerName: String
    public var projectNumber: String?
    public var projectName: String?
    /// The customer's classification, which the action follows (nil for an action of no customer).
    public var classification: Classification?
}

/// Reads of improvement actions. Who sees an action: management (`improvementsOversee`) every one; anyone else
/// the actions they own, created, or that belong to a project on whose team they are (or that they manage), and
/// only while they may know the action's customer (need-to-know follows the customer).
public enum ImprovementQueries {
    /// The SQL condition on `a` (an `improvement_actions` alias) that keeps what the viewer may see.
    static func visibility(_ viewer: CustomerViewer, oversees: Bool) -> SQLQueryString {
        if oversees { return "1 = 1" }
        let me = viewer.userID
        let customer: SQLQueryString =
            viewer.seesEverything
            ? "1 = 1"
            : """
            (a.customer_id IS NULL OR a.customer_id IN (SELECT k.id FROM customers k WHERE k.deleted_at IS NULL AND \
            (k.classification IN ('public', 'internal') OR k.id IN \
            (SELECT customer_id FROM customer_team WHERE user_id = \(bind: me)))))
            """
        return """
            (\(customer) AND (a.owner_id = \(bind: me) OR a.created_by = \(bind: me) \
            OR a.project_id IN (SELECT project_id FROM project_members WHERE user_id = \(bind: me)) \
            OR a.project_id IN (SELECT id FROM projects WHERE manager_id = \(bind: me))))
            """
    }

    static func visibleModel(_ id: UUID, for viewer: CustomerViewer, oversees: Bool, on db: any Database)
        async throws -> ImprovementActionModel?
    {
        let visible = try await db.sql.raw(
            """
            SELECT a.id FROM improvement_actions a
            WHERE a.id = \(bind: id) AND \(visibility(viewer, oversees: oversees))
            """
        ).first()
        guard visible != nil else { return nil }
        return try await ImprovementActionModel.find(id, on: db)
    }

    /// One action the viewer may see, with its owner's and project's names; nil otherwise.
    public static func find(_ id: UUID, for viewer: CustomerViewer, oversees: Bool, on db: any Database)
        async throws -> ImprovementSummary?
    {
        try await rows(["a.id = \(bind: id)", visibility(viewer, oversees: oversees)], limit: 1, on: db).first
    }

    /// The actions the viewer may see, newest number first, keyset-paged on the number.
    public static func list(
        _ filter: ImprovementFilter, for viewer: CustomerViewer, oversees: Bool, limit: Int,
        after cursor: Cursor? = nil, on db: any Database
    ) async throws -> CursorPage<ImprovementSummary> {
        var conditions: [SQLQueryString] = [visibility(viewer, oversees: oversees)]
        if let status = filter.status { conditions.append("a.status = \(bind: status.rawValue)") }
        if let owner = filter.ownerID { conditions.append("a.owner_id = \(bind: owner)") }
        if let project = filter.projectID { conditions.append("a.project_id = \(bind: project)") }
        if filter.overdue {
            conditions.append(
                "a.status IN ('open', 'inProgress') AND a.due_on < \(bind: filter.today.description)")
        }
        if let cursor, let number = Int(cursor.key) { conditions.append("a.number < \(bind: number)") }
        let items = try await rows(conditions, limit: limit + 1, on: db)
        let page = Array(items.prefix(limit))
        let next =
            items.count > limit
            ? page.last.map { Cursor(key: String($0.action.number), id: $0.action.id.idText).encoded } : nil
        return CursorPage(items: page, nextCursor: next)
    }

    /// A project's actions, newest first (a review lists them whole).
    public static func forProject(_ projectID: UUID, on db: any Database) async throws -> [ImprovementSummary] {
        try await rows(["a.project_id = \(bind: projectID)"], limit: 500, on: db)
    }

    static func rows(_ conditions: [SQLQueryString], limit: Int, on db: any Database) async throws
        -> [ImprovementSummary]
    {
        let rows = try await db.sql.raw(
            """
            SELECT a.id, a.number, a.title, a.description, a.owner_id, a.due_on, a.status, a.done_at, a.project_id,
                a.customer_id, a.created_by, a.version, a.created_at, a.updated_at, u.name AS owner_name,
                p.number AS project_number, p.name AS project_name, k.classification
            FROM improvement_actions a JOIN users u ON u.id = a.owner_id LEFT JOIN projects p ON p.id = a.project_id
                LEFT JOIN customers k ON k.id = a.customer_id
            WHERE \(conditions.joined(separator: " AND "))
            ORDER BY a.number DESC LIMIT \(literal: limit)
            """
        ).all()
        return try rows.map { row in
            ImprovementSummary(
                action: ImprovementAction(
                    id: try row.uuid("id"), number: try row.decode(column: "number", as: Int.self),
                    title: try row.decode(column: "title", as: String.self),
                    description: try row.optional("description", String.self),
                    ownerID: try row.uuid("owner_id"),
                    dueOn: LocalDate(try row.decode(column: "due_on", as: String.self))
                        ?? LocalDate(year: 2000, month: 1, day: 1),
                    status: ImprovementStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .open,
                    doneAt: try row.optional("done_at", Date.self), projectID: try row.optionalUUID("project_id"),
                    customerID: try row.optionalUUID("customer_id"), createdBy: try row.optionalUUID("created_by"),
                    version: try row.decode(column: "version", as: Int.self),
                    createdAt: try row.decode(column: "created_at", as: Date.self),
                    updatedAt: try row.decode(column: "updated_at", as: Date.self)),
                ownerName: try row.decode(column: "owner_name", as: String.self),
                projectNumber: try row.optional("project_number", Int.self).map(ProjectNumber.format),
                projectName: try row.optional("project_name", String.self),
                classification: try row.optional("classification", String.self).map {
                    Classification(rawValue: $0) ?? .secret
                })
        }
    }
}
