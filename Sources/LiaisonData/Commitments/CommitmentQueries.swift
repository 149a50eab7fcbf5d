import FluentKit
import Foundation
import LiaisonCore
import SQLKit

/// Which commitments a list shows.
public struct CommitmentFilter: Sendable, Equatable {
    public enum Scope: String, CaseIterable, Sendable {
        /// Those one owns.
        case mine
        /// Those owned by the people of the department one leads (as a department lead).
        case team
        /// Every one the viewer may see.
        case all
    }

    public var scope: Scope
    public var status: CommitmentStatus?
    /// Only open ones past their due time (at `now`).
    public var overdue: Bool
    public var customerID: UUID?
    public var requestID: UUID?
    public var ownerID: UUID?
    public var now: Date

    public init(
        scope: Scope = .all, status: CommitmentStatus? = nil, overdue: Bool = false, customerID: UUID? = nil,
        requestID: UUID? = nil, ownerID: UUID? = nil, now: Date
    ) {
        self.scope = scope
        self.status = status
        self.overdue = overdue
        self.customerID = customerID
        self.requestID = requestID
        self.ownerID = ownerID
        self.now = now
    }
}

/// A commitment as lists show it: with its owner's name, its customer's name and its request's number.
public struct CommitmentSummary: Sendable, Equatable {
    public var commitment: Commitment
    public var ownerName: String
    public var customerName: String?
    public var requestNumber: Int?
    /// The customer's classification, which the commitment follows (nil for one of no customer).
    public var classification: Classification?
}

/// Reads of commitments. Need-to-know follows the customer: a commitment of a customer is seen by whoever may know
/// the customer (as its requests and interactions are); one of no customer by its owner, its creator, and admins
/// and supervisors.
public enum CommitmentQueries {
    /// The SQL condition on `m` (a `commitments` alias) that keeps what the viewer may see.
    static func visibility(_ viewer: CustomerViewer) -> SQLQueryString {
        let me = viewer.userID
        let ownLoose: SQLQueryString =
            viewer.seesEverything ? "1 = 1" : "(m.owner_id = \(bind: me) OR m.created_by = \(bind: me))"
        return """
            ((m.customer_id IS NULL AND \(ownLoose)) OR m.customer_id IN (SELECT k.id FROM customers k \
            WHERE k.deleted_at IS NULL AND \(viewer.visibility(customerColumn: "k.id", classificationColumn: "k.classification"))))
            """
    }

    /// Whether the viewer may see the commitment.
    static func isVisible(_ id: UUID, for viewer: CustomerViewer, on db: any Database) async throws -> Bool {
        try await db.sql.raw(
            "SELECT m.id FROM commitments m WHERE m.id = \(bind: id) AND \(visibility(viewer))"
        ).first() != nil
    }

    /// Whether the viewer may correct, finish or cancel a commitment they see: its owner, its creator, management,
    /// or a department lead of the owner's department.
    public static func mayChange(_ commitment: Commitment, viewer: CustomerViewer, on db: any Database) async throws
        -> Bool
    {
        if commitment.ownerID == viewer.userID || commitment.createdBy == viewer.userID || viewer.seesEverything {
            return true
        }
        guard viewer.roles.contains(.departmentLead) else { return false }
        return try await db.sql.raw(
            """
            SELECT o.id FROM users o JOIN users me ON me.id = \(bind: viewer.userID)
            WHERE o.id = \(bind: commitment.ownerID) AND me.department_id IS NOT NULL
                AND o.department_id = me.department_id
            """
        ).first() != nil
    }

    /// One commitment the viewer may see; nil otherwise.
    public static func find(_ id: UUID, for viewer: CustomerViewer, on db: any Database) async throws
        -> CommitmentSummary?
    {
        try await rows(["m.id = \(bind: id)", visibility(viewer)], limit: 1, on: db).first
    }

    /// The commitments the viewer may see, soonest due first, keyset-paged on the due time.
    public static func list(
        _ filter: CommitmentFilter, for viewer: CustomerViewer, limit: Int, after cursor: Cursor? = nil,
        on db: any Database
    ) async throws -> CursorPage<CommitmentSummary> {
        let me = viewer.userID
        var conditions: [SQLQueryString] = [visibility(viewer)]
        switch filter.scope {
        case .mine: conditions.append("m.owner_id = \(bind: me)")
        case .team:
            conditions.append(
                """
                m.owner_id IN (SELECT o.id FROM users o JOIN users me ON me.id = \(bind: me) \
                WHERE me.department_id IS NOT NULL AND o.department_id = me.department_id \
                AND EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = me.id AND r.role = 'departmentLead'))
                """)
        case .all: break
        }
        if let status = filter.status { conditions.append("m.status = \(bind: status.rawValue)") }
        if filter.overdue { conditions.append("m.status = 'open' AND m.due_at <= \(bind: filter.now)") }
        if let customer = filter.customerID { conditions.append("m.customer_id = \(bind: customer)") }
        if let request = filter.requestID { conditions.append("m.request_id = \(bind: request)") }
        if let owner = filter.ownerID { conditions.append("m.owner_id = \(bind: owner)") }
        if let cursor, let seconds = Double(cursor.key), let id = UUIDText.parse(cursor.id) {
            let due = Date(timeIntervalSince1970: seconds)
            conditions.append("(m.due_at > \(bind: due) OR (m.due_at = \(bind: due) AND m.id > \(bind: id)))")
        }
        let items = try await rows(conditions, limit: limit + 1, on: db)
        let page = Array(items.prefix(limit))
        let next =
            items.count > limit
            ? page.last.map {
                Cursor(key: String($0.commitment.dueAt.timeIntervalSince1970), id: $0.commitment.id.idText).encoded
            } : nil
        return CursorPage(items: page, nextCursor: next)
    }

    static func rows(_ conditions: [SQLQueryString], limit: Int, on db: any Database) async throws
        -> [CommitmentSummary]
    {
        let rows = try await db.sql.raw(
            """
            SELECT m.id, m.text, m.owner_id, m.due_at, m.status, m.source, m.customer_id, m.request_id,
                m.interaction_id, m.message_id, m.reminded_at, m.breached_at, m.done_at, m.done_by, m.created_by,
                m.version, m.created_at, m.updated_at, u.name AS owner_name, k.name AS customer_name,
                k.classification, r.number AS request_number
            FROM commitments m JOIN users u ON u.id = m.owner_id LEFT JOIN customers k ON k.id = m.customer_id
                LEFT JOIN requests r ON r.id = m.request_id
            WHERE \(conditions.joined(separator: " AND "))
            ORDER BY m.due_at, m.id LIMIT \(literal: limit)
            """
        ).all()
        return try rows.map { row in
            CommitmentSummary(
                commitment: Commitment(
                    id: try row.uuid("id"), text: try row.decode(column: "text", as: String.self),
                    ownerID: try row.uuid("owner_id"), dueAt: try row.decode(column: "due_at", as: Date.self),
                    status: CommitmentStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .open,
                    source: CommitmentSource(rawValue: try row.decode(column: "source", as: String.self)) ?? .manual,
                    customerID: try row.optionalUUID("customer_id"), requestID: try row.optionalUUID("request_id"),
                    interactionID: try row.optionalUUID("interaction_id"),
                    messageID: try row.optionalUUID("message_id"),
                    remindedAt: try row.optional("reminded_at", Date.self),
                    breachedAt: try row.optional("breached_at", Date.self),
                    doneAt: try row.optional("done_at", Date.self), doneBy: try row.optionalUUID("done_by"),
                    createdBy: try row.optionalUUID("created_by"),
                    version: try row.decode(column: "version", as: Int.self),
                    createdAt: try row.decode(column: "created_at", as: Date.self),
                    updatedAt: try row.decode(column: "updated_at", as: Date.self)),
                ownerName: try row.decode(column: "owner_name", as: String.self),
                customerName: try row.optional("customer_name", String.self),
                requestNumber: try row.optional("request_number", Int.self),
                classification: try row.optional("classification", String.self).map {
                    Classification(rawValue: $0) ?? .secret
                })
        }
    }
}
