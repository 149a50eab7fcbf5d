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
    /// Nil for a request opened by mail from an unknown sender, until it is linked to a customer.
    var customerID: UUID?
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
    /// The request's customer (a customer's timeline reads messages by it) and whether the message opened its
    /// request (shown there as the request itself): set when written, never changed.
    @OptionalField(key: "customer_id") var customerID: UUID?
    @Field(key: "opening") var opening: Int

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

extension RequestMessageModel {
    func insert(on db: any Database) async throws {
        try await db.run(
            Self.insertStatement,
            [
                SQLValue(id), .uuid(requestID), SQLValue(authorID), SQLValue(contactID), .text(visibility),
                .text(channel), .text(body), .date(createdAt), SQLValue(customerID), .integer(opening),
            ])
    }

    private static let insertStatement = FixedStatement(
        """
        INSERT INTO request_messages (id, request_id, author_id, contact_id, visibility, channel, body, created_at,
            customer_id, opening)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """)
}
