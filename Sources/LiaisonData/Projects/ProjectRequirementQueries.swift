import FluentKit
import Foundation
import LiaisonCore
import SQLKit

/// A requirement as its project lists it: what it asks for, where it stands, and who included it when.
public struct IncludedRequirement: Sendable, Equatable {
    public var requirementID: UUID
    public var title: String
    public var status: RequirementStatus
    public var priority: Priority
    public var addedAt: Date
    public var addedBy: UUID?

    public init(
        requirementID: UUID, title: String, status: RequirementStatus, priority: Priority, addedAt: Date,
        addedBy: UUID?
    ) {
        self.requirementID = requirementID
        self.title = title
        self.status = status
        self.priority = priority
        self.addedAt = addedAt
        self.addedBy = addedBy
    }
}

/// A project a requirement is included in, as the requirement shows it.
public struct RequirementProject: Sendable, Equatable {
    public var id: UUID
    public var number: Int
    public var name: String
    public var status: ProjectStatus

    public var numberText: String { ProjectNumber.format(number) }
}

/// A requirement a project could include: its customer's, in an includable status, not in the project yet.
public struct IncludableRequirement: Sendable, Equatable {
    public var id: UUID
    public var title: String
    public var status: RequirementStatus
}

public enum ProjectRequirementQueries {
    /// The requirements a project includes, in the order they were included, a page at a time. The caller has found
    /// the project for the viewer (`ProjectQueries.find`); its requirements are its customer's.
    public static func list(_ projectID: UUID, page: PageQuery, on db: any Database) async throws
        -> CursorPage<IncludedRequirement>
    {
        var conditions: [SQLQueryString] = ["l.project_id = \(bind: projectID)"]
        if let cursor = page.after, let seconds = Double(cursor.key), seconds.isFinite,
            let id = UUIDText.parse(cursor.id)
        {
            let date = Date(timeIntervalSince1970: seconds)
            conditions.append("(l.added_at > \(bind: date) OR (l.added_at = \(bind: date) AND l.id > \(bind: id)))")
        }
        struct Row: Decodable {
            @RowUUID var id: UUID
            @RowUUID var requirement_id: UUID
            var title: String
            var status: String
            var priority: String
            var added_at: Date
            @OptionalRowUUID var added_by: UUID?
        }
        let rows = try await db.sql.raw(
            """
            SELECT l.id, l.requirement_id, r.title, r.status, r.priority, l.added_at, l.added_by
            FROM project_requirements l JOIN requirements r ON r.id = l.requirement_id
            WHERE \(conditions.joined(separator: " AND "))
            ORDER BY l.added_at, l.id LIMIT \(literal: page.limit + 1)
            """
        ).all(decoding: Row.self)
        let shown = Array(rows.prefix(page.limit))
        let next =
            rows.count > page.limit
            ? shown.last.map { Cursor(key: String($0.added_at.timeIntervalSince1970), id: $0.id.idText).encoded }
            : nil
        return CursorPage(
            items: shown.map {
                IncludedRequirement(
                    requirementID: $0.requirement_id, title: $0.title,
                    status: RequirementStatus(rawValue: $0.status) ?? .captured,
                    priority: Priority(rawValue: $0.priority) ?? .normal, addedAt: $0.added_at, addedBy: $0.added_by)
            }, nextCursor: next)
    }

    /// One requirement of a project, or nil when the project does not include it.
    public static func find(_ requirementID: UUID, in projectID: UUID, on db: any Database) async throws
        -> IncludedRequirement?
    {
        guard
            let link = try await ProjectRequirementModel.query(on: db).filter(\.$projectID == projectID)
                .filter(\.$requirementID == requirementID).first(),
            let requirement = try await RequirementModel.find(requirementID, on: db)
        else { return nil }
        return IncludedRequirement(
            requirementID: requirementID, title: requirement.title, status: requirement.statusValue,
            priority: Priority(rawValue: requirement.priority) ?? .normal, addedAt: link.addedAt,
            addedBy: link.addedBy)
    }

    /// The projects that include a requirement and that `viewer` may know of, by number.
    public static func projects(of requirementID: UUID, for viewer: CustomerViewer, on db: any Database)
        async throws -> [RequirementProject]
    {
        struct Row: Decodable {
            @RowUUID var id: UUID
            var number: Int
            var name: String
            var status: String
        }
        let visible = viewer.visibility(customerColumn: "k.id", classificationColumn: "k.classification")
        return try await db.sql.raw(
            """
            SELECT p.id, p.number, p.name, p.status
            FROM project_requirements l JOIN projects p ON p.id = l.project_id JOIN customers k ON k.id = p.customer_id
            WHERE l.requirement_id = \(bind: requirementID) AND k.deleted_at IS NULL AND \(visible)
            ORDER BY p.number
            """
        ).all(decoding: Row.self).map {
            RequirementProject(
                id: $0.id, number: $0.number, name: $0.name, status: ProjectStatus(rawValue: $0.status) ?? .planning)
        }
    }

    /// A customer's requirements that a project could still include (accepted, specified or planned, and not in
    /// `projectID` yet), newest first, at most `limit`: the choice a form offers.
    public static func includable(customerID: UUID, notIn projectID: UUID?, limit: Int, on db: any Database)
        async throws -> [IncludableRequirement]
    {
        struct Row: Decodable {
            @RowUUID var id: UUID
            var title: String
            var status: String
        }
        let statuses = ProjectRequirementRules.includable.map(\.rawValue).sorted()
        let excluded: SQLQueryString =
            projectID.map {
                "AND NOT EXISTS (SELECT 1 FROM project_requirements l WHERE l.requirement_id = r.id AND l.project_id = \(bind: $0))"
            } ?? ""
        return try await db.sql.raw(
            """
            SELECT r.id, r.title, r.status FROM requirements r
            WHERE r.customer_id = \(bind: customerID) AND r.status IN (\(binds: statuses)) \(excluded)
            ORDER BY r.created_at DESC, r.id DESC LIMIT \(literal: limit)
            """
        ).all(decoding: Row.self).map {
            IncludableRequirement(
                id: $0.id, title: $0.title, status: RequirementStatus(rawValue: $0.status) ?? .accepted)
        }
    }
}
