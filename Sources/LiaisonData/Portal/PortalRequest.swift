import Foundation
import LiaisonCore
import SQLKit

/// A request as the portal reads it: the columns a contact may see, and nothing of its SLA, queue or assignee (so
/// they are neither read nor decoded).
public struct PortalRequest: Sendable, Equatable, Identifiable {
    public var id: UUID
    public var number: Int
    public var kind: RequestKind
    public var channel: Channel
    public var subject: String
    public var status: RequestStatus
    public var resolvedAt: Date?
    public var closedAt: Date?
    public var mergedIntoID: UUID?
    public var satisfaction: Int?
    public var satisfactionComment: String?
    public var createdAt: Date
    public var updatedAt: Date

    public var numberText: String { RequestNumber.format(number) }

    /// The columns `init(row:)` reads, for `SELECT`.
    static let columns: SQLQueryString = """
        r.id, r.number, r.kind, r.channel, r.subject, r.status, r.resolved_at, r.closed_at, r.merged_into_id, \
        r.csat_score, r.csat_comment, r.created_at, r.updated_at
        """

    init(row: any SQLRow) throws {
        id = try row.uuid("id")
        number = Int(try row.decode(column: "number", as: Int64.self))
        kind = RequestKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .inquiry
        channel = Channel(rawValue: try row.decode(column: "channel", as: String.self)) ?? .portal
        subject = try row.decode(column: "subject", as: String.self)
        status = RequestStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .open
        resolvedAt = try row.optional("resolved_at", Date.self)
        closedAt = try row.optional("closed_at", Date.self)
        mergedIntoID = try row.optionalUUID("merged_into_id")
        satisfaction = try row.optional("csat_score", Int.self)
        satisfactionComment = try row.optional("csat_comment", String.self)
        createdAt = try row.decode(column: "created_at", as: Date.self)
        updatedAt = try row.decode(column: "updated_at", as: Date.self)
    }

    public init(_ r: ServiceRequest) {
        id = r.id
        number = r.number
        kind = r.kind
        channel = r.channel
        subject = r.subject
        status = r.status
        resolvedAt = r.resolvedAt
        closedAt = r.closedAt
        mergedIntoID = r.mergedIntoID
        satisfaction = r.satisfaction
        satisfactionComment = r.satisfactionComment
        createdAt = r.createdAt
        updatedAt = r.updatedAt
    }
}
