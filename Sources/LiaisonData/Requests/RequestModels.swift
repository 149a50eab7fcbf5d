import FluentKit
import Foundation
import LiaisonCore
import SQLKit

/// A request being changed by a command: read and written with plain SQL (`load`, `insert`, `save`), never through
/// Fluent's query builder, so its columns are plain properties (property wrappers cost more than the statements on
/// the write connection, where every reply and status change reads and writes one).
final class RequestModel: @unchecked Sendable {
    var id: UUID?
    var number: Int64 = 0
    var customerID = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
    var contactID: UUID?
    var kind: String = ""
    var priority: String = ""
    var channel: String = ""
    var subject: String = ""
    var status: String = ""
    var queueID: UUID?
    var assigneeID: UUID?
    var slaPolicyID: UUID?
    var sla: String = ""
    var firstResponseDueAt: Date?
    var firstRespondedAt: Date?
    var nextResponseDueAt: Date?
    var resolutionDueAt: Date?
    var nextCheckAt: Date?
    /// The resolution due time, or a far-future stand-in: the order of the queues (see `AddRequestQueueOrder`).
    var dueKey: Date?
    var breaches: String = ""
    var escalations: String = ""
    var resolvedAt: Date?
    var closedAt: Date?
    var mergedIntoID: UUID?
    var csatScore: Int?
    var csatComment: String?
    var csatAt: Date?
    var createdBy: UUID?
    var version: Int = 0
    var createdAt: Date = Date(timeIntervalSince1970: 0)
    var updatedAt: Date = Date(timeIntervalSince1970: 0)
    /// The columns `save(on:)` may write, as last read or written: it writes only those that changed since.
    var stored: SavedColumns?

    init() {}

    /// The SLA clocks as stored; stored JSON that does not decode is thrown (`JSONColumn.Undecodable`): the
    /// clocks must not start again from a made-up state.
    var slaState: RequestSLA {
        get throws { try RequestRow.slaMemo.decode(sla, column: "requests.sla", row: id) }
    }

    func setSLAState(_ state: RequestSLA) {
        sla = JSONColumn.encode(state)
        RequestRow.slaMemo.remember(state, as: sla)
    }

    /// The SLA events already handled (warnings sent), so that none is sent twice.
    var handled: Set<String> {
        get throws { Set(try JSONColumn.decode([String].self, escalations, column: "requests.escalations", row: id)) }
    }

    func setHandled(_ handled: Set<String>) {
        escalations = JSONColumn.encode(handled.sorted())
    }

    var breachSet: Set<SLAMetric> {
        get throws {
            Set(try RequestRow.breachMemo.decode(breaches, column: "requests.breaches", row: id)
                .compactMap(SLAMetric.init(rawValue:)))
        }
    }

    func setBreachSet(_ breachSet: Set<SLAMetric>) {
        breaches = JSONColumn.encode(breachSet.map(\.rawValue).sorted())
    }

    var value: ServiceRequest {
        get throws { try valueOrThrow() }
    }

    private func valueOrThrow() throws -> ServiceRequest {
        ServiceRequest(
            id: id!, number: Int(number), customerID: customerID, contactID: contactID,
            kind: RequestKind(rawValue: kind) ?? .inquiry, priority: Priority(rawValue: priority) ?? .normal,
            channel: Channel(rawValue: channel) ?? .portal, subject: subject,
            status: RequestStatus(rawValue: status) ?? .open, queueID: queueID, assigneeID: assigneeID,
            slaPolicyID: slaPolicyID, sla: try slaState, firstResponseDueAt: firstResponseDueAt,
            nextResponseDueAt: nextResponseDueAt, resolutionDueAt: resolutionDueAt, breaches: try breachSet,
            resolvedAt: resolvedAt, closedAt: closedAt, mergedIntoID: mergedIntoID, satisfaction: csatScore,
            satisfactionComment: csatComment, createdByID: createdBy, version: version, createdAt: createdAt,
            updatedAt: updatedAt)
    }
}

final class RequestMessageModel: Model, @unchecked Sendable {
    static let schema = "request_messages"

    @ID(key: .id) var id: UUID?
    @Field(key: "request_id") var requestID: UUID
    @OptionalField(key: "author_id") var authorID: UUID?
    @OptionalField(key: "contact_id") var contactID: UUID?
    @Field(key: "visibility") var visibility: String
    @Field(key: "channel") var channel: String
    @Field(key: "body") var body: String
    @Field(key: "created_at") var createdAt: Date

    init() {}

    var value: RequestMessage {
        RequestMessage(
            id: id!, requestID: requestID, authorID: authorID, contactID: contactID,
            visibility: RequestMessage.Visibility(rawValue: visibility) ?? .internal,
            channel: Channel(rawValue: channel) ?? .portal, body: body, createdAt: createdAt)
    }
}

enum Counters {
    /// The next number of a sequence, atomically, inside the caller's transaction.
    static func next(_ name: String, on tx: any Database) async throws -> Int64 {
        let row = try await tx.sql.raw(
            """
            INSERT INTO counters (name, value) VALUES (\(bind: name), 1)
            ON CONFLICT (name) DO UPDATE SET value = counters.value + 1
            RETURNING value
            """
        ).first()
        return try row?.decode(column: "value", as: Int64.self) ?? 1
    }
}

/// A request row read with plain SQL (`SELECT r.*`), for the lists and lookups that run on every queue view: read
/// column by column (`init(row:)`), without model reflection or the `Decodable` machinery, which cost more than
/// the query on a page of fifty requests.
struct RequestRow {
    static let slaMemo = JSONColumnMemo<RequestSLA>()
    static let breachMemo = JSONColumnMemo<[String]>(capacity: 64)

    var id: UUID
    var number: Int64
    var customer_id: UUID
    var contact_id: UUID?
    var kind: String
    var priority: String
    var channel: String
    var subject: String
    var status: String
    var queue_id: UUID?
    var assignee_id: UUID?
    var sla_policy_id: UUID?
    var sla: String
    var first_response_due_at: Date?
    var next_response_due_at: Date?
    var resolution_due_at: Date?
    var due_key: Date?
    var first_responded_at: Date?
    var next_check_at: Date?
    var breaches: String
    var escalations: String
    var resolved_at: Date?
    var closed_at: Date?
    var merged_into_id: UUID?
    var csat_score: Int?
    var csat_comment: String?
    var csat_at: Date?
    var created_by: UUID?
    var version: Int
    var created_at: Date
    var updated_at: Date

    init(row: any SQLRow) throws {
        id = try row.uuid("id")
        number = try row.decode(column: "number", as: Int64.self)
        customer_id = try row.uuid("customer_id")
        contact_id = try row.optionalUUID("contact_id")
        kind = try row.decode(column: "kind", as: String.self)
        priority = try row.decode(column: "priority", as: String.self)
        channel = try row.decode(column: "channel", as: String.self)
        subject = try row.decode(column: "subject", as: String.self)
        status = try row.decode(column: "status", as: String.self)
        queue_id = try row.optionalUUID("queue_id")
        assignee_id = try row.optionalUUID("assignee_id")
        sla_policy_id = try row.optionalUUID("sla_policy_id")
        sla = try row.decode(column: "sla", as: String.self)
        first_response_due_at = try row.optional("first_response_due_at", Date.self)
        next_response_due_at = try row.optional("next_response_due_at", Date.self)
        resolution_due_at = try row.optional("resolution_due_at", Date.self)
        due_key = try row.optional("due_key", Date.self)
        first_responded_at = try row.optional("first_responded_at", Date.self)
        next_check_at = try row.optional("next_check_at", Date.self)
        breaches = try row.decode(column: "breaches", as: String.self)
        escalations = try row.decode(column: "escalations", as: String.self)
        resolved_at = try row.optional("resolved_at", Date.self)
        closed_at = try row.optional("closed_at", Date.self)
        merged_into_id = try row.optionalUUID("merged_into_id")
        csat_score = try row.optional("csat_score", Int.self)
        csat_comment = try row.optional("csat_comment", String.self)
        csat_at = try row.optional("csat_at", Date.self)
        created_by = try row.optionalUUID("created_by")
        version = try row.decode(column: "version", as: Int.self)
        created_at = try row.decode(column: "created_at", as: Date.self)
        updated_at = try row.decode(column: "updated_at", as: Date.self)
    }

    /// The request; stored JSON that does not decode is thrown (`JSONColumn.Undecodable`).
    var value: ServiceRequest {
        get throws { try valueOrThrow() }
    }

    private func valueOrThrow() throws -> ServiceRequest {
        ServiceRequest(
            id: id, number: Int(number), customerID: customer_id, contactID: contact_id,
            kind: RequestKind(rawValue: kind) ?? .inquiry, priority: Priority(rawValue: priority) ?? .normal,
            channel: Channel(rawValue: channel) ?? .portal, subject: subject, status: RequestStatus(rawValue: status) ?? .open,
            queueID: queue_id, assigneeID: assignee_id, slaPolicyID: sla_policy_id,
            sla: try RequestRow.slaMemo.decode(sla, column: "requests.sla", row: id),
            firstResponseDueAt: first_response_due_at, nextResponseDueAt: next_response_due_at,
            resolutionDueAt: resolution_due_at,
            breaches: Set(
                try RequestRow.breachMemo.decode(breaches, column: "requests.breaches", row: id)
                    .compactMap(SLAMetric.init(rawValue:))),
            resolvedAt: resolved_at, closedAt: closed_at, mergedIntoID: merged_into_id, satisfaction: csat_score,
            satisfactionComment: csat_comment, createdByID: created_by, version: version, createdAt: created_at,
            updatedAt: updated_at)
    }
}

/// Reading and writing a whole request row with plain SQL: the request commands run on every message and status
/// change, and model reflection would cost more than their statements.
extension RequestModel {
    convenience init(row: RequestRow) {
        self.init()
        id = row.id
        number = row.number
        customerID = row.customer_id
        contactID = row.contact_id
        kind = row.kind
        priority = row.priority
        channel = row.channel
        subject = row.subject
        status = row.status
        queueID = row.queue_id
        assigneeID = row.assignee_id
        slaPolicyID = row.sla_policy_id
        sla = row.sla
        firstResponseDueAt = row.first_response_due_at
        firstRespondedAt = row.first_responded_at
        nextResponseDueAt = row.next_response_due_at
        resolutionDueAt = row.resolution_due_at
        nextCheckAt = row.next_check_at
        dueKey = row.due_key
        breaches = row.breaches
        escalations = row.escalations
        resolvedAt = row.resolved_at
        closedAt = row.closed_at
        mergedIntoID = row.merged_into_id
        csatScore = row.csat_score
        csatComment = row.csat_comment
        csatAt = row.csat_at
        createdBy = row.created_by
        version = row.version
        createdAt = row.created_at
        updatedAt = row.updated_at
        stored = SavedColumns(self)
    }

    /// The request for changing; save it with `save(on:)`.
    static func load(_ id: UUID, on db: any Database) async throws -> RequestModel? {
        try await db.first(selectByID, [.uuid(id)]).map { try RequestModel(row: RequestRow(row: $0)) }
    }

    /// Open requests whose next SLA event is due, soonest first.
    static func due(at now: Date, limit: Int, on db: any Database) async throws -> [RequestModel] {
        try await db.sql.raw(
            """
            SELECT * FROM requests WHERE next_check_at <= \(bind: now) AND \(unsafeRaw: RequestQueueOrder.openCondition)
            ORDER BY next_check_at LIMIT \(literal: limit)
            """
        ).all().map { try RequestModel(row: RequestRow(row: $0)) }
    }

    private static let selectByID = FixedStatement("SELECT * FROM requests WHERE id = ?")

    func insert(on db: any Database) async throws {
        try await db.run(
            Self.insertStatement,
            [
                SQLValue(id), SQLValue(number), .uuid(customerID), SQLValue(contactID), .text(kind), .text(priority),
                .text(channel), .text(subject), .text(status), SQLValue(queueID), SQLValue(assigneeID),
                SQLValue(slaPolicyID), .text(sla), SQLValue(firstResponseDueAt), SQLValue(firstRespondedAt),
                SQLValue(nextResponseDueAt), SQLValue(resolutionDueAt), SQLValue(nextCheckAt), SQLValue(dueKey),
                .text(breaches), .text(escalations), SQLValue(resolvedAt), SQLValue(closedAt), SQLValue(mergedIntoID),
                SQLValue(csatScore), SQLValue(csatComment), SQLValue(csatAt), SQLValue(createdBy), .integer(version),
                .date(createdAt), .date(updatedAt),
            ])
        stored = SavedColumns(self)
    }

    private static let insertStatement = FixedStatement(
        """
        INSERT INTO requests (id, number, customer_id, contact_id, kind, priority, channel, subject, status, queue_id,
        assignee_id, sla_policy_id, sla, first_response_due_at, first_responded_at, next_response_due_at,
        resolution_due_at, next_check_at, due_key, breaches, escalations, resolved_at, closed_at, merged_into_id,
        csat_score, csat_comment, csat_at, created_by, version, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """)

    /// Writes back what a request command changed since the request was read (or last saved), with its version and
    /// time of change.
    ///
    /// Only the changed columns: SQLite rewrites the entries of every index over a column that an UPDATE sets, even
    /// to the same value, and setting `merged_into_id` (a key to this same table) made it rewrite all nine indexes
    /// of the row on every reply.
    func save(on db: any Database) async throws {
        let now = SavedColumns(self)
        let before = stored
        var text = "UPDATE requests SET "
        var values: [SQLValue] = []
        func set<T: Equatable>(_ column: String, _ path: KeyPath<SavedColumns, T>, _ value: (T) -> SQLValue) {
            guard before?[keyPath: path] != now[keyPath: path] else { return }
            text += column + " = ?, "
            values.append(value(now[keyPath: path]))
        }
        set("kind", \.kind, SQLValue.text)
        set("priority", \.priority, SQLValue.text)
        set("subject", \.subject, SQLValue.text)
        set("status", \.status, SQLValue.text)
        set("queue_id", \.queueID, SQLValue.init)
        set("assignee_id", \.assigneeID, SQLValue.init)
        set("sla_policy_id", \.slaPolicyID, SQLValue.init)
        set("sla", \.sla, SQLValue.text)
        set("first_response_due_at", \.firstResponseDueAt, SQLValue.init)
        set("first_responded_at", \.firstRespondedAt, SQLValue.init)
        set("next_response_due_at", \.nextResponseDueAt, SQLValue.init)
        set("resolution_due_at", \.resolutionDueAt, SQLValue.init)
        set("next_check_at", \.nextCheckAt, SQLValue.init)
        set("due_key", \.dueKey, SQLValue.init)
        set("breaches", \.breaches, SQLValue.text)
        set("escalations", \.escalations, SQLValue.text)
        set("resolved_at", \.resolvedAt, SQLValue.init)
        set("closed_at", \.closedAt, SQLValue.init)
        set("merged_into_id", \.mergedIntoID, SQLValue.init)
        set("csat_score", \.csatScore, SQLValue.init)
        set("csat_comment", \.csatComment, SQLValue.init)
        set("csat_at", \.csatAt, SQLValue.init)
        text += "version = ?, updated_at = ? WHERE id = ?"
        values += [.integer(version), .date(updatedAt), SQLValue(id)]
        try await db.run(FixedStatement(text), values)
        stored = now
    }
}

/// The columns of a request that commands change.
struct SavedColumns: Equatable {
    var kind: String
    var priority: String
    var subject: String
    var status: String
    var queueID: UUID?
    var assigneeID: UUID?
    var slaPolicyID: UUID?
    var sla: String
    var firstResponseDueAt: Date?
    var firstRespondedAt: Date?
    var nextResponseDueAt: Date?
    var resolutionDueAt: Date?
    var nextCheckAt: Date?
    var dueKey: Date?
    var breaches: String
    var escalations: String
    var resolvedAt: Date?
    var closedAt: Date?
    var mergedIntoID: UUID?
    var csatScore: Int?
    var csatComment: String?
    var csatAt: Date?

    init(_ model: RequestModel) {
        kind = model.kind
        priority = model.priority
        subject = model.subject
        status = model.status
        queueID = model.queueID
        assigneeID = model.assigneeID
        slaPolicyID = model.slaPolicyID
        sla = model.sla
        firstResponseDueAt = model.firstResponseDueAt
        firstRespondedAt = model.firstRespondedAt
        nextResponseDueAt = model.nextResponseDueAt
        resolutionDueAt = model.resolutionDueAt
        nextCheckAt = model.nextCheckAt
        dueKey = model.dueKey
        breaches = model.breaches
        escalations = model.escalations
        resolvedAt = model.resolvedAt
        closedAt = model.closedAt
        mergedIntoID = model.mergedIntoID
        csatScore = model.csatScore
        csatComment = model.csatComment
        csatAt = model.csatAt
    }
}

extension RequestMessageModel {
    func insert(on db: any Database) async throws {
        try await db.run(
            Self.insertStatement,
            [
                SQLValue(id), .uuid(requestID), SQLValue(authorID), SQLValue(contactID), .text(visibility),
                .text(channel), .text(body), .date(createdAt),
            ])
    }

    private static let insertStatement = FixedStatement(
        """
        INSERT INTO request_messages (id, request_id, author_id, contact_id, visibility, channel, body, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """)
}
