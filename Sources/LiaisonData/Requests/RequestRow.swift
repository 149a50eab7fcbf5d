import FluentKit
import Foundation
import LiaisonCore
import SQLKit

/// A request row read with plain SQL (`SELECT r.*`), for the lists and lookups that run on every queue view: read
/// column by column (`init(row:)`), without model reflection or the `Decodable` machinery, which cost more than
/// the query on a page of fifty requests.
struct RequestRow {
    static let slaMemo = JSONColumnMemo<RequestSLA>()
    static let breachMemo = JSONColumnMemo<[String]>(capacity: 64)

    var id: UUID
    var number: Int64
    var customer_id: UUID?
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
        customer_id = try row.optionalUUID("customer_id")
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
