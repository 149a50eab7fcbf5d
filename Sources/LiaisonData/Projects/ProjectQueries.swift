import FluentKit
import Foundation
import LiaisonCore
import SQLKit

/// A project as lists show it: with its customer's and manager's names.
public struct ProjectSummary: Sendable, Equatable {
    public var project: Project
    public var customerName: String
    public var managerName: String?
    /// The customer's classification, which the project follows.
    public var classification: Classification
}

/// Which projects a list shows.
public struct ProjectFilter: Sendable, Equatable {
    public var status: ProjectStatus?
    public var customerID: UUID?
    public var managerID: UUID?

    public init(status: ProjectStatus? = nil, customerID: UUID? = nil, managerID: UUID? = nil) {
        self.status = status
        self.customerID = customerID
        self.managerID = managerID
    }
}

public enum ProjectQueries {
    /// A project the viewer may know of (its customer's need-to-know), with what the viewer knows of its customer;
    /// nil otherwise, as if it did not exist.
    public static func find(_ id: UUID, for viewer: CustomerViewer, on db: any Database) async throws
        -> (summary: ProjectSummary, access: CustomerAccess)?
    {
        guard let model = try await ProjectModel.find(id, on: db),
            let access = try await CustomerQueries.access(model.customerID, for: viewer, on: db)
        else { return nil }
        return (try await summary(model.value, classification: access.classification, on: db), access)
    }

    /// A project by its human number (P-0042), under the same rule as `find`.
    public static func find(number: Int, for viewer: CustomerViewer, on db: any Database) async throws
        -> (summary: ProjectSummary, access: CustomerAccess)?
    {
        guard let model = try await ProjectModel.query(on: db).filter(\.$number == number).first(),
            let id = model.id
        else { return nil }
        return try await find(id, for: viewer, on: db)
    }

    private static func summary(_ project: Project, classification: Classification, on db: any Database) async throws
        -> ProjectSummary
    {
        struct Row: Decodable {
            var customer_name: String
            var manager_name: String?
        }
        let row = try await db.sql.raw(
            """
            SELECT k.name AS customer_name, u.name AS manager_name FROM customers k
            LEFT JOIN users u ON u.id = \(bind: project.managerID)
            WHERE k.id = \(bind: project.customerID)
            """
        ).first(decoding: Row.self)
        return ProjectSummary(
            project: project, customerName: row?.customer_name ?? "", managerName: row?.manager_name,
            classification: classification)
    }

    /// Projects the viewer may know of, newest number first, keyset-paged on the number.
    public static func list(
        _ filter: ProjectFilter, for viewer: CustomerViewer, limit: Int, after cursor: Cursor? = nil,
        on db: any Database
    ) async throws -> CursorPage<ProjectSummary> {
        var conditions: [SQLQueryString] = [
            "k.deleted_at IS NULL",
            viewer.visibility(customerColumn: "k.id", classificationColumn: "k.classification"),
        ]
        if let status = filter.status { conditions.append("p.status = \(bind: status.rawValue)") }
        if let customer = filter.customerID { conditions.append("p.customer_id = \(bind: customer)") }
        if let manager = filter.managerID { conditions.append("p.manager_id = \(bind: manager)") }
        if let cursor, let number = Int(cursor.key) { conditions.append("p.number < \(bind: number)") }
        let rows = try await db.sql.raw(
            """
            SELECT p.id, p.number, p.customer_id, p.name, p.description, p.manager_id, p.status, p.start_on,
                p.end_on, p.created_by, p.version, p.created_at, p.updated_at, k.name AS customer_name, k.classification,
                u.name AS manager_name
            FROM projects p JOIN customers k ON k.id = p.customer_id LEFT JOIN users u ON u.id = p.manager_id
            WHERE \(conditions.joined(separator: " AND "))
            ORDER BY p.number DESC LIMIT \(literal: limit + 1)
            """
        ).all()
        let items = try rows.prefix(limit).map { row in
            ProjectSummary(
                project: Project(
                    id: try row.uuid("id"), number: try row.decode(column: "number", as: Int.self),
                    customerID: try row.uuid("customer_id"), name: try row.decode(column: "name", as: String.self),
                    description: try row.optional("description", String.self),
                    managerID: try row.optionalUUID("manager_id"),
                    status: ProjectStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .planning,
                    startOn: try row.optional("start_on", String.self).flatMap(LocalDate.init),
                    endOn: try row.optional("end_on", String.self).flatMap(LocalDate.init),
                    createdBy: try row.optionalUUID("created_by"),
                    version: try row.decode(column: "version", as: Int.self),
                    createdAt: try row.decode(column: "created_at", as: Date.self),
                    updatedAt: try row.decode(column: "updated_at", as: Date.self)),
                customerName: try row.decode(column: "customer_name", as: String.self),
                managerName: try row.optional("manager_name", String.self),
                classification: Classification(rawValue: try row.decode(column: "classification", as: String.self))
                    ?? .secret)
        }
        let next =
            rows.count > limit
            ? items.last.map { Cursor(key: String($0.project.number), id: $0.project.id.idText) } : nil
        return CursorPage(items: Array(items), nextCursor: next?.encoded)
    }

    /// The team, the manager first, then by role and name.
    public static func members(of projectID: UUID, on db: any Database) async throws -> [ProjectMember] {
        struct Row: Decodable {
            @RowUUID var user_id: UUID
            var name: String
            var role: String
            var added_at: Date
        }
        let rows = try await db.sql.raw(
            """
            SELECT m.user_id, u.name, m.role, m.added_at FROM project_members m JOIN users u ON u.id = m.user_id
            WHERE m.project_id = \(bind: projectID) ORDER BY u.sort_key, u.id
            """
        ).all(decoding: Row.self)
        let order = ProjectRole.allCases
        return rows.map {
            ProjectMember(
                userID: $0.user_id, name: $0.name, role: ProjectRole(rawValue: $0.role) ?? .member, addedAt: $0.added_at
            )
        }.sorted { (order.firstIndex(of: $0.role) ?? 9) < (order.firstIndex(of: $1.role) ?? 9) }
    }

    /// Active staff who could join a team or lead a project, by name (for a form's choice).
    public static func people(limit: Int, on db: any Database) async throws -> [(id: UUID, name: String)] {
        struct Row: Decodable {
            @RowUUID var id: UUID
            var name: String
        }
        let rows = try await db.sql.raw(
            """
            SELECT id, name FROM users WHERE active = \(bind: true) AND contact_id IS NULL
            ORDER BY sort_key, id LIMIT \(literal: limit)
            """
        ).all(decoding: Row.self)
        return rows.map { ($0.id, $0.name) }
    }
}

extension ProjectQueries {
    /// The contacts of a project's customer who may be asked to sign its charter (not deleted), by name, with
    /// their first address.
    public static func signableContacts(of customerID: UUID, on db: any Database) async throws
        -> [(id: UUID, name: String, email: String?)]
    {
        struct Row: Decodable {
            @RowUUID var id: UUID
            var name: String
            var emails: String
        }
        let rows = try await db.sql.raw(
            """
            SELECT id, name, emails FROM contacts WHERE customer_id = \(bind: customerID) AND deleted_at IS NULL
            ORDER BY sort_key, id LIMIT 200
            """
        ).all(decoding: Row.self)
        return rows.map {
            let emails = JSONColumn.decode([String].self, $0.emails, default: [], column: "contacts.emails", row: $0.id)
            return ($0.id, $0.name, emails.first)
        }
    }

    /// The customers a form offers: the one chosen and the most recently active the viewer may see.
    public static func customerChoices(chosen: UUID?, for viewer: CustomerViewer, limit: Int, on db: any Database)
        async throws -> [(id: UUID, name: String)]
    {
        var result: [(id: UUID, name: String)] = []
        if let chosen { result += try await NPSSurveyQueries.visibleCustomers([chosen], for: viewer, on: db) }
        for item in try await NPSSurveyQueries.recentCustomers(for: viewer, limit: limit, on: db)
        where !result.contains(where: { $0.id == item.id }) {
            result.append(item)
        }
        return result
    }
}
