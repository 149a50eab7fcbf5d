import FluentKit
import Foundation
import LiaisonCore
import SQLKit

/// What narrows the requirement board and list: any combination of customer, R&D department, priority, owner and
/// statuses (empty: every status).
public struct RequirementFilter: Sendable, Equatable {
    public var customerID: UUID?
    public var departmentID: UUID?
    public var priority: Priority?
    public var ownerID: UUID?
    public var statuses: Set<RequirementStatus>

    public init(
        customerID: UUID? = nil, departmentID: UUID? = nil, priority: Priority? = nil, ownerID: UUID? = nil,
        statuses: Set<RequirementStatus> = []
    ) {
        self.customerID = customerID
        self.departmentID = departmentID
        self.priority = priority
        self.ownerID = ownerID
        self.statuses = statuses
    }
}

/// A requirement as lists show it: with its customer's name.
public struct RequirementListItem: Sendable, Equatable {
    public var requirement: Requirement
    public var customerName: String
}

public enum RequirementQueries {
    /// The requirement if `viewer` may see its customer, with what is known of the customer's confidentiality;
    /// nil otherwise, whether it exists or not.
    public static func find(_ id: UUID, for viewer: CustomerViewer, on db: any Database) async throws
        -> (Requirement, CustomerAccess)?
    {
        guard let model = try await RequirementModel.find(id, on: db),
            let access = try await CustomerQueries.access(model.customerID, for: viewer, on: db)
        else { return nil }
        return (model.value, access)
    }

    /// Requirements `viewer` may see, newest first, a page at a time.
    public static func list(
        _ filter: RequirementFilter, page: PageQuery, for viewer: CustomerViewer, on db: any Database
    ) async throws -> CursorPage<RequirementListItem> {
        var conditions = conditions(filter, for: viewer)
        if let cursor = page.after, let seconds = Double(cursor.key), seconds.isFinite,
            let id = UUIDText.parse(cursor.id)
        {
            let date = Date(timeIntervalSince1970: seconds)
            conditions.append("(r.created_at < \(bind: date) OR (r.created_at = \(bind: date) AND r.id < \(bind: id)))")
        }
        let rows = try await db.costlyRead { db in
            try await db.sql.raw(
                """
                SELECT \(unsafeRaw: Self.columns), k.name AS customer_name
                FROM requirements r JOIN customers k ON k.id = r.customer_id
                WHERE \(conditions.joined(separator: " AND "))
                ORDER BY r.created_at DESC, r.id DESC LIMIT \(bind: page.limit + 1)
                """
            ).all(decoding: Row.self)
        }
        let shown = Array(rows.prefix(page.limit))
        let next =
            rows.count > page.limit
            ? shown.last.map { Cursor(key: String($0.created_at.timeIntervalSince1970), id: $0.id.idText).encoded }
            : nil
        return CursorPage(
            items: shown.map { RequirementListItem(requirement: $0.value, customerName: $0.customer_name) },
            nextCursor: next)
    }

    /// How many requirements `viewer` may see in each status, under the filter's other conditions.
    public static func counts(_ filter: RequirementFilter, for viewer: CustomerViewer, on db: any Database)
        async throws -> [RequirementStatus: Int]
    {
        var all = filter
        all.statuses = []
        let conditions = conditions(all, for: viewer)
        struct CountRow: Decodable {
            var status: String
            var n: Int
        }
        let rows = try await db.costlyRead { db in
            try await db.sql.raw(
                """
                SELECT r.status, COUNT(*) AS n FROM requirements r JOIN customers k ON k.id = r.customer_id
                WHERE \(conditions.joined(separator: " AND ")) GROUP BY r.status
                """
            ).all(decoding: CountRow.self)
        }
        var counts: [RequirementStatus: Int] = [:]
        for row in rows { if let status = RequirementStatus(rawValue: row.status) { counts[status] = row.n } }
        return counts
    }

    /// The requirements taken from a request or an interaction that `viewer` may see, oldest first.
    public static func fromSource(_ sourceID: UUID, for viewer: CustomerViewer, on db: any Database) async throws
        -> [Requirement]
    {
        let visible = viewer.visibility(customerColumn: "k.id", classificationColumn: "k.classification")
        return try await db.sql.raw(
            """
            SELECT \(unsafeRaw: Self.columns), k.name AS customer_name
            FROM requirements r JOIN customers k ON k.id = r.customer_id
            WHERE r.source_id = \(bind: sourceID) AND k.deleted_at IS NULL AND \(visible)
            ORDER BY r.created_at, r.id
            """
        ).all(decoding: Row.self).map(\.value)
    }

    /// A customer's requirements (for its page), newest first.
    public static func ofCustomer(_ customerID: UUID, limit: Int, on db: any Database) async throws -> [Requirement] {
        try await RequirementModel.query(on: db).filter(\.$customerID == customerID)
            .sort(\.$createdAt, .descending).sort(\.$id, .descending).limit(limit).all().map(\.value)
    }

    public static func history(_ id: UUID, on db: any Database) async throws -> [RequirementTransition] {
        try await RequirementTransitionModel.query(on: db).filter(\.$requirementID == id)
            .sort(\.$createdAt).sort(\.$id).all().map(\.transition)
    }

    public static func assessment(_ id: UUID, on db: any Database) async throws -> RequirementAssessment? {
        try await RequirementAssessmentModel.query(on: db).filter(\.$requirementID == id).first()?.assessment
    }

    /// The files linked to a requirement, oldest first.
    public static func attachments(_ id: UUID, on db: any Database) async throws -> [Attachment] {
        let links = try await RequirementAttachmentModel.query(on: db).filter(\.$requirementID == id).all()
        guard !links.isEmpty else { return [] }
        return try await AttachmentModel.query(on: db).filter(\.$id ~~ links.map(\.attachmentID))
            .sort(\.$createdAt).sort(\.$id).all().map(\.value)
    }

    /// Titles of requirements by id, for a document's links (all of the document's customer, whom its reader sees).
    public static func titles(_ ids: [UUID], on db: any Database) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        let models = try await RequirementModel.query(on: db).filter(\.$id ~~ ids).all()
        return Dictionary(uniqueKeysWithValues: models.compactMap { m in m.id.map { ($0, m.title) } })
    }

    private static func conditions(_ filter: RequirementFilter, for viewer: CustomerViewer) -> [SQLQueryString] {
        var conditions: [SQLQueryString] = [
            "k.deleted_at IS NULL", viewer.visibility(customerColumn: "k.id", classificationColumn: "k.classification"),
        ]
        if let customer = filter.customerID { conditions.append("r.customer_id = \(bind: customer)") }
        if let department = filter.departmentID { conditions.append("r.department_id = \(bind: department)") }
        if let priority = filter.priority { conditions.append("r.priority = \(bind: priority.rawValue)") }
        if let owner = filter.ownerID { conditions.append("r.owner_id = \(bind: owner)") }
        if !filter.statuses.isEmpty {
            conditions.append("r.status IN (\(binds: filter.statuses.map(\.rawValue).sorted()))")
        }
        return conditions
    }

    static let columns = """
        r.id, r.customer_id, r.contact_id, r.title, r.description, r.business_value, r.desired_date, r.priority, \
        r.source_kind, r.source_id, r.source_reference, r.status, r.department_id, r.handed_off_at, r.owner_id, \
        r.created_by, r.version, r.created_at, r.updated_at
        """

    struct Row: Decodable {
        @RowUUID var id: UUID
        @RowUUID var customer_id: UUID
        @OptionalRowUUID var contact_id: UUID?
        var title: String
        var description: String
        var business_value: String?
        var desired_date: String?
        var priority: String
        var source_kind: String
        @OptionalRowUUID var source_id: UUID?
        var source_reference: String?
        var status: String
        @OptionalRowUUID var department_id: UUID?
        var handed_off_at: Date?
        @OptionalRowUUID var owner_id: UUID?
        @OptionalRowUUID var created_by: UUID?
        var version: Int
        var created_at: Date
        var updated_at: Date
        var customer_name: String

        var value: Requirement {
            Requirement(
                id: id, customerID: customer_id, contactID: contact_id, title: title, description: description,
                businessValue: business_value, desiredDate: desired_date.flatMap(LocalDate.init),
                priority: Priority(rawValue: priority) ?? .normal,
                sourceKind: RequirementSourceKind(rawValue: source_kind) ?? .typed, sourceID: source_id,
                sourceReference: source_reference, status: RequirementStatus(rawValue: status) ?? .captured,
                departmentID: department_id, handedOffAt: handed_off_at, ownerID: owner_id, createdByID: created_by,
                version: version, createdAt: created_at, updatedAt: updated_at)
        }
    }
}
