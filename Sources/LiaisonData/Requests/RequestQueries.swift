import FluentKit
import FluentSQL
import Foundation
import LiaisonCore
import SQLKit

public struct RequestFilter: Sendable, Equatable {
    public var assigneeID: UUID?
    public var unassigned: Bool
    public var queueID: UUID?
    public var customerID: UUID?
    public var statuses: Set<RequestStatus>
    public var kinds: Set<RequestKind>
    public var breachedOnly: Bool
    /// Requests without a customer (mail from unknown senders) instead: those of the viewer's department, or all
    /// for people who see everything.
    public var withoutCustomer: Bool

    public init(
        assigneeID: UUID? = nil, unassigned: Bool = false, queueID: UUID? = nil, customerID: UUID? = nil,
        statuses: Set<RequestStatus> = [.new, .open, .waitingOnCustomer], kinds: Set<RequestKind> = [],
        breachedOnly: Bool = false, withoutCustomer: Bool = false
    ) {
        self.withoutCustomer = withoutCustomer
        self.assigneeID = assigneeID
        self.unassigned = unassigned
        self.queueID = queueID
        self.customerID = customerID
        self.statuses = statuses
        self.kinds = kinds
        self.breachedOnly = breachedOnly
    }
}

extension RequestFilter {
    /// Whether the list is a queue of open requests, which the partial indexes over open requests serve in order.
    var readsTheQueueIndexes: Bool {
        statuses == RequestQueries.openStatuses && kinds.isEmpty && !breachedOnly && !withoutCustomer
    }
}

public enum RequestQueries {
    /// 3000-01-01: the queue order of a request without a resolution due time.
    static let farFuture = Date(timeIntervalSince1970: 32_503_680_000)
    static let openStatuses: Set<RequestStatus> = [.new, .open, .waitingOnCustomer]

    /// A request the viewer may see (its customer decides; for a request without a customer, its queue), or nil.
    public static func find(_ id: UUID, for viewer: CustomerViewer, on db: any Database) async throws
        -> (ServiceRequest, CustomerAccess)?
    {
        guard let row = try await db.sql.raw("SELECT * FROM requests WHERE id = \(bind: id)")
            .first().map(RequestRow.init(row:)),
            let access = try await access(customer: row.customer_id, queue: row.queue_id, for: viewer, on: db)
        else { return nil }
        return (try row.value, access)
    }

    /// What the viewer may know of a request's customer; for a request without one (mail from an unknown sender),
    /// access as to confidential mail when the viewer is a member of its queue or sees everything.
    static func access(customer: UUID?, queue: UUID?, for viewer: CustomerViewer, on db: any Database) async throws
        -> CustomerAccess?
    {
        if let customer { return try await CustomerQueries.access(customer, for: viewer, on: db) }
        if !viewer.seesEverything, try await !mayKnowUnlinked(queue: queue, person: viewer.userID, on: db) { return nil }
        return CustomerAccess(customerID: nil, classification: .confidential, onTeam: false)
    }

    /// Whether a person may know of a request without a customer in `queue`: a member of that department, or
    /// someone who sees everything. One statement.
    public static func mayKnowUnlinked(queue: UUID?, person: UUID, on db: any Database) async throws -> Bool {
        let everything = Role.allCases.filter { NeedToKnow.seesEverything([$0]) }.map(\.rawValue)
        let row = try await db.sql.raw(
            """
            SELECT 1 AS known FROM users u WHERE u.id = \(bind: person) AND u.active = \(bind: true) AND (
                u.department_id = \(bind: queue)
                OR EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role IN (\(binds: everything))))
            """
        ).first()
        return row != nil
    }

    private static let byNumber = FixedStatement("SELECT * FROM requests WHERE number = ?")

    /// The language the request's contact prefers, nil when it has no contact or the contact states none.
    public static func contactLanguage(_ id: UUID, on db: any Database) async throws -> AppLocale? {
        let row = try await db.sql.raw(
            """
            SELECT c.preferred_language FROM requests r JOIN contacts c ON c.id = r.contact_id WHERE r.id = \(bind: id)
            """
        ).first()
        return try row?.optional("preferred_language", String.self).flatMap(AppLocale.init(rawValue:))
    }

    public static func find(number: Int, for viewer: CustomerViewer, on db: any Database) async throws -> ServiceRequest? {
        guard let row = try await db.first(byNumber, [.integer(number)]).map(RequestRow.init(row:)),
            try await access(customer: row.customer_id, queue: row.queue_id, for: viewer, on: db) != nil
        else { return nil }
        return try row.value
    }

    /// Requests the viewer may see, soonest resolution due first (those without a due time last), keyset-paged.
    ///
    /// A queue of open requests (by assignee, queue, customer, or all) is read in order from the partial indexes
    /// over open requests and stops after a page: it stays where it is asked for. Any other list (closed or
    /// resolved requests, by kind, breached only) may read a large share of all requests to fill a page: a
    /// costly read (`Database.costlyRead`).
    public static func list(
        _ filter: RequestFilter, page: PageQuery, for viewer: CustomerViewer, on db: any Database
    ) async throws -> CursorPage<ServiceRequest> {
        if filter.readsTheQueueIndexes { return try await listed(filter, page: page, for: viewer, on: db) }
        return try await db.costlyRead { db in try await listed(filter, page: page, for: viewer, on: db) }
    }

    private static func listed(
        _ filter: RequestFilter, page: PageQuery, for viewer: CustomerViewer, on db: any Database
    ) async throws -> CursorPage<ServiceRequest> {
        let rows = try await db.sql.raw(listQuery(filter, page: page, for: viewer))
            .all().map(RequestRow.init(row:))
        let shown = Array(rows.prefix(page.limit))
        let next = rows.count > page.limit ? shown.last.map {
            Cursor(key: String(($0.due_key ?? Self.farFuture).timeIntervalSince1970), id: $0.id.uuidString)
        } : nil
        return CursorPage(items: try shown.map { try $0.value }, nextCursor: next?.encoded)
    }

    /// The list's SQL: one more row than the page, so the caller knows whether another page follows.
    static func listQuery(_ filter: RequestFilter, page: PageQuery, for viewer: CustomerViewer) -> SQLQueryString {
        var conditions: [SQLQueryString] = filter.withoutCustomer
            ? [
                "r.customer_id IS NULL",
                viewer.seesEverything
                    ? "1 = 1" : "r.queue_id IN (SELECT department_id FROM users WHERE id = \(bind: viewer.userID))",
            ]
            : [
                viewer.visibility(customerColumn: "r.customer_id", classificationColumn: "c.classification"),
                "c.deleted_at IS NULL",
            ]
        if filter.statuses == Self.openStatuses {
            // Spelled as the partial indexes spell it, so that the database reads the queue straight from them.
            conditions.append("r.\(unsafeRaw: RequestQueueOrder.openCondition)")
        } else if !filter.statuses.isEmpty {
            conditions.append("r.status IN (\(binds: filter.statuses.map(\.rawValue).sorted()))")
        }
        if !filter.kinds.isEmpty { conditions.append("r.kind IN (\(binds: filter.kinds.map(\.rawValue).sorted()))") }
        if let assignee = filter.assigneeID { conditions.append("r.assignee_id = \(bind: assignee)") }
        if filter.unassigned { conditions.append("r.assignee_id IS NULL") }
        if let queue = filter.queueID { conditions.append("r.queue_id = \(bind: queue)") }
        if let customer = filter.customerID { conditions.append("r.customer_id = \(bind: customer)") }
        if filter.breachedOnly { conditions.append("r.breaches <> '[]'") }
        if let after = page.after, let seconds = Double(after.key), let id = UUIDText.parse(after.id) {
            conditions.append("(r.due_key, r.id) > (\(bind: Date(timeIntervalSince1970: seconds)), \(bind: id))")
        }
        let whereClause = conditions.map { "(\($0))" as SQLQueryString }.joined(separator: " AND ")
        let from: SQLQueryString = filter.withoutCustomer
            ? "requests r" : "requests r JOIN customers c ON c.id = r.customer_id"
        return """
            SELECT r.* FROM \(from)
            WHERE \(whereClause) ORDER BY r.due_key ASC, r.id ASC LIMIT \(literal: page.limit + 1)
            """
    }
}
