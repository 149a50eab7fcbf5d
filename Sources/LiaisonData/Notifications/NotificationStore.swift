import FluentKit
import Foundation
import LiaisonCore
import SQLKit

final class NotificationModel: Model, @unchecked Sendable {
    static let schema = "notifications"

    @ID(key: .id) var id: UUID?
    @Field(key: "user_id") var userID: UUID
    @Field(key: "kind") var kind: String
    @Field(key: "text_key") var textKey: String
    @Field(key: "values") var values: String
    @OptionalField(key: "subject_kind") var subjectKind: String?
    @OptionalField(key: "subject_id") var subjectID: UUID?
    @OptionalField(key: "subject_message_id") var subjectMessageID: UUID?
    @OptionalField(key: "customer_id") var customerID: UUID?
    @OptionalField(key: "dedupe_key") var dedupeKey: String?
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "read_at") var readAt: Date?

    init() {}
}

/// A message for a person inside Liaison, shown in their language: a catalog key and the values for its blanks.
public struct AppNotification: Sendable, Equatable {
    public var id: UUID
    public var kind: String
    public var textKey: String
    public var values: [String]
    /// What it is about; nil only for a notification whose subject kind this version does not know.
    public var subject: NotificationSubject?
    public var createdAt: Date
    public var readAt: Date?
}

/// Notifications obey need-to-know twice: a person who may not know a customer is never told about its records
/// (the notification is not written), and a notification whose customer the reader can no longer see (team or
/// classification changed, customer deleted) is not shown.
public enum NotificationStore {
    /// The job that mails a notification to its person, and the one that posts it to their department's chat group
    /// (payload: the notification's id).
    public static let emailJobKind = "notify.email"
    public static let chatJobKind = "notify.chat"

    /// Adds a notification about a customer's record (`about`), or about nothing of a customer's (nil: an account,
    /// a calendar). With a `dedupeKey`, the same person never gets the same one twice. Returns false when the
    /// person may not know the customer, in which case nothing is written.
    ///
    /// The person's preferences for the kind decide the rest, in the same write: without "in Liaison" it is kept
    /// as read (listed, never counted), and for email or chat a job is queued, after the person's quiet hours when
    /// it falls inside them. Nothing is sent from inside the write.
    @discardableResult
    public static func add(
        to userID: UUID, kind: NotificationKind, textKey: String, values: [String], subject: NotificationSubject,
        about customerID: UUID?,
        dedupeKey: String? = nil, at now: Date, on tx: any Database
    ) async throws -> Bool {
        if let customerID, try await !CustomerQueries.mayKnow(customerID, person: userID, on: tx) { return false }
        let preference = try await NotificationPreferences.preference(of: userID, kind: kind, on: tx)
        let id = UUID.timeOrdered()
        let readAt: Date? = preference.inApp ? nil : now
        // One statement (a sweep may notify thousands of times in a run); a repeated dedupe key is skipped by the
        // unique index on (user_id, dedupe_key), and then returns no row (and the person is not told again).
        let added = try await tx.sql.raw(
            """
            INSERT INTO notifications (id, user_id, kind, text_key, "values", subject_kind, subject_id, subject_message_id,
                customer_id, dedupe_key, created_at, read_at)
            VALUES (\(bind: id), \(bind: userID), \(bind: kind.rawValue), \(bind: textKey), \(bind: JSONColumn.encode(values)),
                \(bind: subject.kind.rawValue), \(bind: subject.id), \(bind: subject.messageID), \(bind: customerID),
                \(bind: dedupeKey), \(bind: now), \(bind: readAt))
            ON CONFLICT (user_id, dedupe_key) DO NOTHING RETURNING id
            """
        ).first()
        guard added != nil else { return true }
        if preference.inApp {
            LiveEvents.announce(
                .notification(for: userID, customer: customerID, request: subject.kind == .request ? subject.id : nil))
        }
        if preference.email || preference.chat {
            var sendAt = now
            if let settings = try await NotificationPreferences.settings(of: userID, on: tx),
                let quiet = settings.quietHours, let zone = TimeZone(identifier: settings.timeZone)
            {
                sendAt = quiet.release(now, in: zone)
            }
            for (wanted, job) in [(preference.email, emailJobKind), (preference.chat, chatJobKind)] where wanted {
                try await JobQueue.enqueue(
                    kind: job, payload: id.idText, runAt: sendAt, uniqueKey: "\(job):\(id.idText)", maxAttempts: 5,
                    now: now, on: tx)
            }
        }
        return true
    }

    /// How many unread notifications the viewer may still see, counted up to `cap` (the header shows "99+").
    public static func unreadCount(for viewer: CustomerViewer, cap: Int = 100, on db: any Database) async throws -> Int {
        let visible = viewer.visibility(customerColumn: "c.id", classificationColumn: "c.classification")
        let row = try await db.sql.raw(
            """
            SELECT COUNT(*) AS n FROM (SELECT 1 FROM notifications n
            WHERE n.user_id = \(bind: viewer.userID) AND n.read_at IS NULL AND (n.customer_id IS NULL OR EXISTS (
                SELECT 1 FROM customers c WHERE c.id = n.customer_id AND c.deleted_at IS NULL AND \(visible)))
            LIMIT \(bind: cap)) AS unread
            """
        ).first()
        return try row?.decode(column: "n", as: Int.self) ?? 0
    }

    /// One of the viewer's notifications, if they may still see it.
    public static func find(_ id: UUID, for viewer: CustomerViewer, on db: any Database) async throws
        -> AppNotification?
    {
        try await list(for: viewer, filter: NotificationFilter(), only: id, limit: 1, on: db).first
    }

    /// A notification to send by email or chat, with its person: nil when the person is gone or switched off, may
    /// no longer see what it is about, or has read it in Liaison since it came (then it has done its work).
    public static func forDelivery(_ id: UUID, on db: any Database) async throws
        -> (notification: AppNotification, person: Person)?
    {
        guard
            let userID = try await db.sql.raw("SELECT user_id FROM notifications WHERE id = \(bind: id)").first()
                .map({ try $0.uuid("user_id") }),
            let person = try await PeopleQueries.find(id: userID, on: db), person.active,
            let notification = try await find(id, for: CustomerViewer(userID: person.id, roles: person.roles), on: db)
        else { return nil }
        // Kept as read from the start (not shown in Liaison) is not "read since".
        if let read = notification.readAt, read > notification.createdAt { return nil }
        return (notification, person)
    }

    /// A page of the viewer's notifications that they may still see, newest first, after `filter.before` when
    /// given.
    public static func page(for viewer: CustomerViewer, _ filter: NotificationFilter, limit: Int, on db: any Database)
        async throws -> [AppNotification]
    {
        try await list(for: viewer, filter: filter, only: nil, limit: limit, on: db)
    }

    /// The viewer's unread notifications that they may still see, newest first.
    public static func unread(for viewer: CustomerViewer, limit: Int = 20, on db: any Database) async throws
        -> [AppNotification]
    {
        try await list(for: viewer, filter: NotificationFilter(unreadOnly: true), only: nil, limit: limit, on: db)
    }

    /// The viewer's notifications that they may still see, newest first.
    public static func recent(for viewer: CustomerViewer, limit: Int = 50, on db: any Database) async throws
        -> [AppNotification]
    {
        try await list(for: viewer, filter: NotificationFilter(), only: nil, limit: limit, on: db)
    }

    /// Marks one of the person's notifications read; false when they have none with that id.
    public static func markRead(_ id: UUID, for userID: UUID, at now: Date, on tx: any Database) async throws -> Bool {
        guard
            let model = try await NotificationModel.query(on: tx).filter(\.$id == id).filter(\.$userID == userID)
                .first()
        else { return false }
        if model.readAt == nil {
            model.readAt = now
            try await model.update(on: tx)
        }
        return true
    }

    /// Marks all of the person's notifications read.
    public static func markAllRead(for userID: UUID, at now: Date, on tx: any Database) async throws {
        try await NotificationModel.query(on: tx).filter(\.$userID == userID).filter(\.$readAt == nil)
            .set(\.$readAt, to: now).update()
    }

    private static func list(
        for viewer: CustomerViewer, filter: NotificationFilter, only id: UUID?, limit: Int, on db: any Database
    ) async throws -> [AppNotification] {
        let visible = viewer.visibility(customerColumn: "c.id", classificationColumn: "c.classification")
        var conditions: [SQLQueryString] = []
        if filter.unreadOnly { conditions.append("AND n.read_at IS NULL") }
        if let kind = filter.kind { conditions.append("AND n.kind = \(bind: kind.rawValue)") }
        if let id { conditions.append("AND n.id = \(bind: id)") }
        if let before = filter.before {
            conditions.append(
                "AND (n.created_at < \(bind: before.createdAt) OR (n.created_at = \(bind: before.createdAt) AND n.id < \(bind: before.id)))")
        }
        let extra = conditions.joined(separator: " ")
        let rows = try await db.sql.raw(
            """
            SELECT n.id, n.kind, n.text_key, n."values", n.subject_kind, n.subject_id, n.subject_message_id, n.created_at,
                n.read_at
            FROM notifications n
            WHERE n.user_id = \(bind: viewer.userID) \(extra) AND (n.customer_id IS NULL OR EXISTS (
                SELECT 1 FROM customers c WHERE c.id = n.customer_id AND c.deleted_at IS NULL AND \(visible)))
            ORDER BY n.created_at DESC, n.id DESC LIMIT \(bind: limit)
            """
        ).all()
        return try rows.map { row in
            var subject: NotificationSubject?
            if let kind = try row.optional("subject_kind", String.self).flatMap(
                NotificationSubject.Kind.init(rawValue:)),
                let id = try row.optional("subject_id", UUID.self)
            {
                subject = NotificationSubject(kind, id, messageID: try row.optional("subject_message_id", UUID.self))
            }
            return AppNotification(
                id: try row.uuid("id"), kind: try row.decode(column: "kind", as: String.self),
                textKey: try row.decode(column: "text_key", as: String.self),
                // Only shown: a damaged list of values (logged and counted) shows the text without them.
                values: JSONColumn.decode(
                    [String].self, try row.decode(column: "values", as: String.self), default: [],
                    column: "notifications.values", row: try row.uuid("id")),
                subject: subject,
                createdAt: try row.decode(column: "created_at", as: Date.self),
                readAt: try row.optional("read_at", Date.self))
        }
    }
}

/// Which notifications a list shows.
public struct NotificationFilter: Sendable, Equatable {
    public var unreadOnly: Bool
    public var kind: NotificationKind?
    /// Older than this one (the last of the page before).
    public var before: (createdAt: Date, id: UUID)?

    public init(unreadOnly: Bool = false, kind: NotificationKind? = nil, before: (createdAt: Date, id: UUID)? = nil) {
        self.unreadOnly = unreadOnly
        self.kind = kind
        self.before = before
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.unreadOnly == b.unreadOnly && a.kind == b.kind && a.before?.createdAt == b.before?.createdAt
            && a.before?.id == b.before?.id
    }
}
