import FluentKit
import Foundation
import LiaisonCore
import SQLKit

/// A row of the plan as pages and the API show it: its owner's name, its next occurrence still open, what became
/// of its occurrences so far, and whether the customer agreed it (the row as it stands was in a signed charter
/// version).
public struct CommunicationPlanRowSummary: Sendable, Equatable {
    public var entry: CommunicationPlanEntry
    public var ownerName: String?
    public var next: CommunicationOccurrence?
    /// When the row is next due: its next open occurrence, else the next its cadence calls for (not made yet, more
    /// than the sweep's look-ahead away); nil when nothing is to come (removed, the project paused, no milestone).
    public var nextDueAt: Date?
    public var done: Int
    public var missed: Int
    /// The number of the latest signed charter version sent after the row's last change; nil when the row as it
    /// stands has not been agreed.
    public var agreedIn: Int?
}

/// An occurrence with the names lists show.
public struct CommunicationOccurrenceSummary: Sendable, Equatable {
    public var occurrence: CommunicationOccurrence
    public var ownerID: UUID
    public var ownerName: String?
    public var doneByName: String?
    public var content: CommunicationContent
    public var topic: String?
    public var channel: Channel
    public var projectNumber: Int
    public var projectName: String
}

/// Which occurrences a list shows.
public struct OccurrenceFilter: Sendable, Equatable {
    public var state: OccurrenceState?
    public var rowID: UUID?
    public var ownerID: UUID?

    public init(state: OccurrenceState? = nil, rowID: UUID? = nil, ownerID: UUID? = nil) {
        self.state = state
        self.rowID = rowID
        self.ownerID = ownerID
    }
}

/// Reads of communication plans. Each takes a project the caller already found through `ProjectQueries.find`
/// (need-to-know), except `coming(ownedBy:for:)`, which applies the customer's need-to-know itself.
public enum CommunicationPlanQueries {
    /// The plan's rows in their order; removed rows only when asked for.
    public static func rows(projectID: UUID, includeRemoved: Bool = false, on db: any Database) async throws
        -> [CommunicationPlanRowSummary]
    {
        var query = CommunicationPlanRowModel.query(on: db).filter(\.$projectID == projectID)
        if !includeRemoved { query = query.filter(\.$removedAt == nil) }
        let models = try await query.sort(\.$position).all()
        guard !models.isEmpty else { return [] }
        let names = try await PeopleQueries.names(Set(models.map(\.ownerID)), on: db)
        let counts = try await db.sql.raw(
            """
            SELECT row_id, state, COUNT(*) AS n FROM communication_occurrences
            WHERE project_id = \(bind: projectID) AND state <> \(bind: OccurrenceState.scheduled.rawValue)
            GROUP BY row_id, state
            """
        ).all()
        var tally: [UUID: (done: Int, missed: Int)] = [:]
        for row in counts {
            let id = try row.uuid("row_id")
            let n = try row.decode(column: "n", as: Int.self)
            let state = try row.decode(column: "state", as: String.self)
            var current = tally[id] ?? (0, 0)
            if state == OccurrenceState.done.rawValue { current.done += n } else { current.missed += n }
            tally[id] = current
        }
        let coming = try await CommunicationOccurrenceModel.query(on: db).filter(\.$projectID == projectID)
            .filter(\.$state == OccurrenceState.scheduled.rawValue).sort(\.$dueAt).all()
        var next: [UUID: CommunicationOccurrence] = [:]
        for occurrence in coming where next[occurrence.rowID] == nil { next[occurrence.rowID] = occurrence.value }
        let signed = try await CharterVersionModel.query(on: db).filter(\.$projectID == projectID)
            .filter(\.$status == CharterVersionStatus.signed.rawValue).sort(\.$number, .descending).first()
        return try models.map { model in
            let entry = try model.value()
            var agreed: Int?
            if let signed, let sentAt = signed.sentAt, entry.updatedAt <= sentAt, entry.removedAt == nil {
                agreed = signed.number
            }
            var nextDue = next[entry.id]?.dueAt
            if nextDue == nil, entry.removedAt == nil, entry.nextCheckAt != nil, !entry.row.cadence.followsMilestones {
                nextDue = entry.row.cadence.nextOccurrence(after: entry.lastDueAt ?? entry.startsAt)
            }
            return CommunicationPlanRowSummary(
                entry: entry, ownerName: names[model.ownerID], next: next[entry.id], nextDueAt: nextDue,
                done: tally[entry.id]?.done ?? 0, missed: tally[entry.id]?.missed ?? 0, agreedIn: agreed)
        }
    }

    public static func row(_ id: UUID, projectID: UUID, on db: any Database) async throws
        -> CommunicationPlanRowSummary?
    {
        try await rows(projectID: projectID, includeRemoved: true, on: db).first { $0.entry.id == id }
    }

    static let columns = """
        o.id, o.row_id, o.project_id, o.owner_id, o.due_at, o.state, o.reminded_at, o.done_at, o.done_by, o.done_note,
        o.interaction_id, o.missed_at, o.version, o.created_at, r.content, r.topic, r.channel,
        u.name AS owner_name, b.name AS done_by_name, p.number AS project_number, p.name AS project_name
        """

    static let joins = """
        JOIN communication_plan_rows r ON r.id = o.row_id JOIN projects p ON p.id = o.project_id
        LEFT JOIN users u ON u.id = o.owner_id LEFT JOIN users b ON b.id = o.done_by
        """

    static func summary(_ row: any SQLRow) throws -> CommunicationOccurrenceSummary {
        let occurrence = CommunicationOccurrence(
            id: try row.uuid("id"), rowID: try row.uuid("row_id"), projectID: try row.uuid("project_id"),
            dueAt: try row.decode(column: "due_at", as: Date.self),
            state: OccurrenceState(rawValue: try row.decode(column: "state", as: String.self)) ?? .scheduled,
            remindedAt: try row.optional("reminded_at", Date.self), doneAt: try row.optional("done_at", Date.self),
            doneBy: try row.optionalUUID("done_by"), doneNote: try row.optional("done_note", String.self),
            interactionID: try row.optionalUUID("interaction_id"), missedAt: try row.optional("missed_at", Date.self),
            version: try row.decode(column: "version", as: Int.self),
            createdAt: try row.decode(column: "created_at", as: Date.self))
        return CommunicationOccurrenceSummary(
            occurrence: occurrence, ownerID: try row.uuid("owner_id"),
            ownerName: try row.optional("owner_name", String.self),
            doneByName: try row.optional("done_by_name", String.self),
            content: CommunicationContent(rawValue: try row.decode(column: "content", as: String.self)) ?? .other,
            topic: try row.optional("topic", String.self),
            channel: Channel(rawValue: try row.decode(column: "channel", as: String.self)) ?? .email,
            projectNumber: try row.decode(column: "project_number", as: Int.self),
            projectName: try row.decode(column: "project_name", as: String.self))
    }

    /// A project's occurrences, latest due first, keyset-paged on (due time, id).
    public static func occurrences(
        projectID: UUID, _ filter: OccurrenceFilter, limit: Int, after cursor: Cursor? = nil, on db: any Database
    ) async throws -> CursorPage<CommunicationOccurrenceSummary> {
        var conditions: [SQLQueryString] = ["o.project_id = \(bind: projectID)"]
        if let state = filter.state { conditions.append("o.state = \(bind: state.rawValue)") }
        if let row = filter.rowID { conditions.append("o.row_id = \(bind: row)") }
        if let owner = filter.ownerID { conditions.append("o.owner_id = \(bind: owner)") }
        if let cursor, let after = UUIDText.parse(cursor.id) {
            conditions.append(
                """
                EXISTS (SELECT 1 FROM communication_occurrences c WHERE c.id = \(bind: after)
                    AND (o.due_at < c.due_at OR (o.due_at = c.due_at AND o.id < c.id)))
                """)
        }
        let rows = try await db.sql.raw(
            """
            SELECT \(unsafeRaw: columns) FROM communication_occurrences o \(unsafeRaw: joins)
            WHERE \(conditions.joined(separator: " AND "))
            ORDER BY o.due_at DESC, o.id DESC LIMIT \(literal: limit + 1)
            """
        ).all()
        let items = try rows.prefix(limit).map(summary)
        let next = rows.count > limit ? items.last.map { Cursor(key: "", id: $0.occurrence.id.idText).encoded } : nil
        return CursorPage(items: Array(items), nextCursor: next)
    }

    public static func occurrence(_ id: UUID, projectID: UUID, on db: any Database) async throws
        -> CommunicationOccurrenceSummary?
    {
        try await db.sql.raw(
            """
            SELECT \(unsafeRaw: columns) FROM communication_occurrences o \(unsafeRaw: joins)
            WHERE o.id = \(bind: id) AND o.project_id = \(bind: projectID)
            """
        ).first().map(summary)
    }

    /// A person's scheduled occurrences in projects whose customer the viewer may know, earliest due first: their
    /// home page's "communication due".
    public static func coming(ownedBy userID: UUID, for viewer: CustomerViewer, limit: Int, on db: any Database)
        async throws -> [CommunicationOccurrenceSummary]
    {
        try await db.sql.raw(
            """
            SELECT \(unsafeRaw: columns) FROM communication_occurrences o \(unsafeRaw: joins)
            JOIN customers k ON k.id = p.customer_id
            WHERE o.owner_id = \(bind: userID) AND o.state = \(bind: OccurrenceState.scheduled.rawValue)
                AND k.deleted_at IS NULL
                AND \(viewer.visibility(customerColumn: "k.id", classificationColumn: "k.classification"))
            ORDER BY o.due_at, o.id LIMIT \(literal: limit)
            """
        ).all().map(summary)
    }

    /// The plan's rows in use, frozen for a charter version, with their owners' names.
    static func frozen(projectID: UUID, on db: any Database) async throws -> [CharterPlanRow] {
        try await rows(projectID: projectID, on: db).map {
            CharterPlanRow($0.entry.row, ownerName: $0.ownerName ?? $0.entry.row.ownerID.idText)
        }
    }
}
