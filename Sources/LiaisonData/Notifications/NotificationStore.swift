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
    /// Adds a notification about a customer's record (`about`), or about nothing of a customer's (nil: an account,
    /// a calendar). With a `dedupeKey`, the same person never gets the same one twice. Returns false when the
    /// person may not know the customer, in which case nothing is written.
    @discardableResult
    public static func add(
        to userID: UUID, kind: String, textKey: String, values: [String], subject: NotificationSubject,
        about customerID: UUID?,
        dedupeKey: String? = nil, at now: Date, on tx: any Database
    ) async throws -> Bool {
        if let customerID, try await !CustomerQueries.mayKnow(customerID, person: userID, on: tx) { return false }
        // One statement (a sweep may notify thousands of times in a run); a repeated dedupe key is skipped by the
        // unique index on (user_id, dedupe_key), and then returns no row (and the person is not told again).
        let added = try await tx.sql.raw(
            """
            INSERT INTO notifications (id, user_id, kind, text_key, "values", subject_kind, subject_id, subject_message_id,
                customer_id, dedupe_key, created_at)
            VALUES (\(bind: UUID.timeOrdered()), \(bind: userID), \(bind: kind), \(bind: textKey), \(bind: JSONColumn.encode(values)),
                \(bind: subject.kind.rawValue), \(bind: subject.id), \(bind: subject.messageID), \(bind: customerID),
                \(bind: dedupeKey), \(bind: now))
            ON CONFLICT (user_id, dedupe_key) DO NOTHING RETURNING id
            """
        ).first()
        if added != nil {
            LiveEvents.announce(
                .notification(for: userID, customer: customerID, request: subject.kind == .request ? subject.id : nil))
        }
        return true
    }

    /// The viewer's unread notifications that they may still see, newest first.
    public static func unread(for viewer: CustomerViewer, limit: Int = 20, on db: any Database) async throws
        -> [AppNotification]
    {
        try await list(for: viewer, unreadOnly: true, limit: limit, on: db)
    }

    /// The viewer's notifications that they may still see, newest first.
    public static func recent(for viewer: CustomerViewer, limit: Int = 50, on db: any Database) async throws
        -> [AppNotification]
    {
        try await list(for: viewer, unreadOnly: false, limit: limit, on: db)
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

    private static func list(for viewer: CustomerViewer, unreadOnly: Bool, limit: Int, on db: any Database)
        async throws -> [AppNotification]
    {
        let visible = viewer.visibility(customerColumn: "c.id", classificationColumn: "c.classification")
        let unread: SQLQueryString = unreadOnly ? "AND n.read_at IS NULL" : ""
        let rows = try await db.sql.raw(
            """
            SELECT n.id, n.kind, n.text_key, n."values", n.subject_kind, n.subject_id, n.subject_message_id, n.created_at,
                n.read_at
            FROM notifications n
            WHERE n.user_id = \(bind: viewer.userID) \(unread) AND (n.customer_id IS NULL OR EXISTS (
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
