import FluentKit
import Foundation
import LiaisonCore
import SQLKit

/// A meeting as its page and the API show it: with who is invited (names and addresses), the action items, and
/// the names of its customer, project and organiser.
public struct MeetingDetail: Sendable, Equatable {
    public var meeting: Meeting
    public var attendees: [MeetingAttendee]
    public var actionItems: [MeetingActionItem]
    public var customerName: String?
    public var projectNumber: Int?
    public var projectName: String?
    public var organiser: MeetingAttendee?
}

/// Which meetings a list shows.
public struct MeetingFilter: Sendable, Equatable {
    /// Only those the viewer attends or organises.
    public var mine: Bool
    public var customerID: UUID?
    public var projectID: UUID?
    public var from: Date?
    public var to: Date?

    public init(mine: Bool = false, customerID: UUID? = nil, projectID: UUID? = nil, from: Date? = nil, to: Date? = nil) {
        self.mine = mine
        self.customerID = customerID
        self.projectID = projectID
        self.from = from
        self.to = to
    }
}

/// A meeting in a list: with its customer's name.
public struct MeetingSummary: Sendable, Equatable {
    public var meeting: Meeting
    public var customerName: String?
}

public enum MeetingQueries {
    /// Whether the viewer may know of the meeting: its customer's need-to-know, or, for an internal meeting, being
    /// one of its attendees (the organiser is one).
    static func mayKnow(_ meeting: Meeting, viewer: CustomerViewer, on db: any Database) async throws -> Bool {
        if let customerID = meeting.customerID {
            return try await CustomerQueries.access(customerID, for: viewer, on: db) != nil
        }
        return try await MeetingAttendeeModel.query(on: db).filter(\.$meetingID == meeting.id)
            .filter(\.$personID == viewer.userID).count() > 0
    }

    /// A meeting the viewer may know of; nil otherwise, or when it was deleted.
    public static func find(_ id: UUID, for viewer: CustomerViewer, on db: any Database) async throws -> MeetingDetail? {
        guard let model = try await MeetingModel.query(on: db).filter(\.$id == id).filter(\.$deletedAt == nil).first(),
            try await mayKnow(model.value, viewer: viewer, on: db)
        else { return nil }
        return try await detail(model.value, on: db)
    }

    /// Whether a meeting the viewer may have known was deleted (so its invitation can say so rather than "not
    /// found"): true only when the viewer may know it by the same rule as `find`.
    public static func wasDeleted(_ id: UUID, for viewer: CustomerViewer, on db: any Database) async throws -> Bool {
        guard let model = try await MeetingModel.query(on: db).filter(\.$id == id).first(), model.deletedAt != nil
        else { return false }
        return try await mayKnow(model.value, viewer: viewer, on: db)
    }

    static func detail(_ meeting: Meeting, on db: any Database) async throws -> MeetingDetail {
        struct AttendeeRow: Decodable {
            @OptionalRowUUID var person_id: UUID?
            @OptionalRowUUID var contact_id: UUID?
            var response: String?
            var person_name: String?
            var person_email: String?
            var contact_name: String?
            var contact_emails: String?
        }
        let rows = try await db.sql.raw(
            """
            SELECT a.person_id, a.contact_id, a.response, u.name AS person_name, u.email AS person_email,
                c.name AS contact_name, c.emails AS contact_emails
            FROM meeting_attendees a LEFT JOIN users u ON u.id = a.person_id LEFT JOIN contacts c ON c.id = a.contact_id
            WHERE a.meeting_id = \(bind: meeting.id)
            """
        ).all(decoding: AttendeeRow.self)
        var attendees = rows.map { row in
            let email =
                row.person_email
                ?? row.contact_emails.flatMap {
                    JSONColumn.decode([String].self, $0, default: [], column: "contacts.emails", row: row.contact_id)
                        .first
                }
            return MeetingAttendee(
                personID: row.person_id, contactID: row.contact_id, name: row.person_name ?? row.contact_name ?? "",
                email: email, response: row.response)
        }
        // Staff first, then contacts, each by name.
        attendees.sort { ($0.personID == nil ? 1 : 0, $0.name) < ($1.personID == nil ? 1 : 0, $1.name) }
        let items = try await MeetingActionItemModel.query(on: db).filter(\.$meetingID == meeting.id)
            .sort(\.$position).all().map(\.value)
        struct NameRow: Decodable {
            var customer_name: String?
            var project_number: Int?
            var project_name: String?
        }
        let names = try await db.sql.raw(
            """
            SELECT (SELECT name FROM customers WHERE id = \(bind: meeting.customerID)) AS customer_name,
                (SELECT number FROM projects WHERE id = \(bind: meeting.projectID)) AS project_number,
                (SELECT name FROM projects WHERE id = \(bind: meeting.projectID)) AS project_name
            """
        ).first(decoding: NameRow.self)
        return MeetingDetail(
            meeting: meeting, attendees: attendees, actionItems: items, customerName: names?.customer_name,
            projectNumber: names?.project_number, projectName: names?.project_name,
            organiser: attendees.first { $0.personID != nil && $0.personID == meeting.organiserID })
    }

    /// Meetings the viewer may know of, by start then id, keyset-paged. `mine` reads the person's attendance index
    /// (`meeting_attendees_person`: person, start) in order, so a person's list costs one index range.
    public static func list(
        _ filter: MeetingFilter, for viewer: CustomerViewer, limit: Int, after cursor: Cursor? = nil,
        on db: any Database
    ) async throws -> CursorPage<MeetingSummary> {
        let rows = try await db.sql.raw(listQuery(filter, for: viewer, limit: limit, after: cursor)).all()
        let items = try rows.prefix(limit).map { row in
            MeetingSummary(
                meeting: Meeting(
                    id: try row.uuid("id"),
                    kind: MeetingKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .other,
                    title: try row.decode(column: "title", as: String.self),
                    customerID: try row.optionalUUID("customer_id"), projectID: try row.optionalUUID("project_id"),
                    startsAt: try row.decode(column: "starts_at", as: Date.self),
                    endsAt: try row.decode(column: "ends_at", as: Date.self),
                    timeZone: try row.decode(column: "time_zone", as: String.self),
                    place: try row.optional("place", String.self), videoLink: try row.optional("video_link", String.self),
                    agenda: try row.optional("agenda", String.self),
                    status: MeetingStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .scheduled,
                    sequence: try row.decode(column: "sequence", as: Int.self),
                    minutes: try row.optional("minutes", String.self),
                    minutesShared: try row.decode(column: "minutes_shared", as: Bool.self),
                    decisions: try row.optional("decisions", String.self),
                    organiserID: try row.optionalUUID("organiser_id"),
                    version: try row.decode(column: "version", as: Int.self),
                    createdAt: try row.decode(column: "created_at", as: Date.self),
                    updatedAt: try row.decode(column: "updated_at", as: Date.self)),
                customerName: try row.optional("customer_name", String.self))
        }
        let next =
            rows.count > limit
            ? items.last.map {
                Cursor(key: String($0.meeting.startsAt.timeIntervalSince1970), id: $0.meeting.id.idText)
            } : nil
        return CursorPage(items: Array(items), nextCursor: next?.encoded)
    }

    /// The statement of `list`: a page and one row more.
    static func listQuery(_ filter: MeetingFilter, for viewer: CustomerViewer, limit: Int, after cursor: Cursor?)
        -> SQLQueryString
    {
        let visible: SQLQueryString =
            """
            (m.customer_id IS NULL AND EXISTS (SELECT 1 FROM meeting_attendees v WHERE v.meeting_id = m.id \
            AND v.person_id = \(bind: viewer.userID))) OR (m.customer_id IS NOT NULL AND k.deleted_at IS NULL AND \
            \(viewer.visibility(customerColumn: "k.id", classificationColumn: "k.classification")))
            """
        let start: String = filter.mine ? "a.starts_at" : "m.starts_at"
        var conditions: [SQLQueryString] = ["m.deleted_at IS NULL", "(\(visible))"]
        if filter.mine { conditions.append("a.person_id = \(bind: viewer.userID)") }
        if let customer = filter.customerID { conditions.append("m.customer_id = \(bind: customer)") }
        if let project = filter.projectID { conditions.append("m.project_id = \(bind: project)") }
        if let from = filter.from { conditions.append("\(unsafeRaw: start) >= \(bind: from)") }
        if let to = filter.to { conditions.append("\(unsafeRaw: start) < \(bind: to)") }
        if let cursor, let seconds = Double(cursor.key), let id = UUIDText.parse(cursor.id) {
            let date = Date(timeIntervalSince1970: seconds)
            conditions.append(
                "(\(unsafeRaw: start) > \(bind: date) OR (\(unsafeRaw: start) = \(bind: date) AND m.id > \(bind: id)))")
        }
        let source: SQLQueryString =
            filter.mine
            ? "meeting_attendees a JOIN meetings m ON m.id = a.meeting_id LEFT JOIN customers k ON k.id = m.customer_id"
            : "meetings m LEFT JOIN customers k ON k.id = m.customer_id"
        return
            """
            SELECT m.id, m.kind, m.title, m.customer_id, m.project_id, m.starts_at, m.ends_at, m.time_zone, m.place,
                m.video_link, m.agenda, m.status, m.sequence, m.minutes, m.minutes_shared, m.decisions, m.organiser_id,
                m.version, m.created_at, m.updated_at, k.name AS customer_name
            FROM \(source)
            WHERE \(conditions.joined(separator: " AND "))
            ORDER BY \(unsafeRaw: start), m.id LIMIT \(literal: limit + 1)
            """
    }

    /// Whether the project has had its kickoff: a kickoff meeting held, or scheduled and begun by `now`.
    public static func hasKickoff(projectID: UUID, at now: Date, on db: any Database) async throws -> Bool {
        let row = try await db.sql.raw(
            """
            SELECT 1 AS found FROM meetings WHERE project_id = \(bind: projectID) AND kind = \(bind: MeetingKind.kickoff.rawValue)
                AND deleted_at IS NULL AND (status = \(bind: MeetingStatus.held.rawValue)
                    OR (status = \(bind: MeetingStatus.scheduled.rawValue) AND starts_at <= \(bind: now)))
            LIMIT 1
            """
        ).first()
        return row != nil
    }

    /// A customer's held meetings whose minutes are shared with it, newest first (the portal's list).
    public static func sharedMinutes(customerID: UUID, limit: Int, on db: any Database) async throws -> [Meeting] {
        try await MeetingModel.query(on: db).filter(\.$customerID == customerID).filter(\.$deletedAt == nil)
            .filter(\.$status == MeetingStatus.held.rawValue).filter(\.$minutesShared == true)
            .sort(\.$startsAt, .descending).limit(limit).all().map(\.value)
    }
}
