import FluentKit
import Foundation
import LiaisonCore
import SQLKit

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
                SQLValue(id), SQLValue(number), SQLValue(customerID), SQLValue(contactID), .text(kind), .text(priority),
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
        let update = saveStatement()
        try await db.run(update.statement, update.values)
        stored = SavedColumns(self)
    }

    /// The UPDATE `save` runs: the columns changed since the request was read (or last saved), its version and
    /// time of change.
    func saveStatement() -> (statement: FixedStatement, values: [SQLValue]) {
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
        return (FixedStatement(text), values)
    }
}

/// A request as a command read it: its version and the columns commands change (the SLA sweep changes some of
/// them without a new version).
struct RequestSnapshot: Sendable, Equatable {
    let version: Int
    let columns: SavedColumns

    init(_ model: RequestModel) {
        version = model.version
        columns = SavedColumns(model)
    }
}

/// The columns of a request that commands change.
struct SavedColumns: Equatable, Sendable {
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
