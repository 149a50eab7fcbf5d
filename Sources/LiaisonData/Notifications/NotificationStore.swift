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
    @Field(key: "link") var link: String
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
    public var link: String
    public var createdAt: Date
    public var readAt: Date?
}

public enum NotificationStore {
    /// Adds a notification; with a `dedupeKey`, the same person never gets the same one twice.
    public static func add(
        to userID: UUID, kind: String, textKey: String, values: [String], link: String, dedupeKey: String? = nil,
        at now: Date, on tx: any Database
    ) async throws {
        // One statement (a sweep may notify thousands of times in a run); a repeated dedupe key is skipped by the
        // unique index on (user_id, dedupe_key).
        try await (tx as! any SQLDatabase).raw(
            """
            INSERT INTO notifications (id, user_id, kind, text_key, "values", link, dedupe_key, created_at)
            VALUES (\(bind: UUID.timeOrdered()), \(bind: userID), \(bind: kind), \(bind: textKey), \(bind: JSONColumn.encode(values)),
                \(bind: link), \(bind: dedupeKey), \(bind: now))
            ON CONFLICT (user_id, dedupe_key) DO NOTHING
            """
        ).run()
    }

    public static func unread(for userID: UUID, limit: Int = 20, on db: any Database) async throws -> [AppNotification] {
        try await NotificationModel.query(on: db).filter(\.$userID == userID).filter(\.$readAt == nil)
            .sort(\.$createdAt, .descending).limit(limit).all().map(value)
    }

    public static func recent(for userID: UUID, limit: Int = 50, on db: any Database) async throws -> [AppNotification] {
        try await NotificationModel.query(on: db).filter(\.$userID == userID).sort(\.$createdAt, .descending)
            .limit(limit).all().map(value)
    }

    public static func markRead(_ id: UUID?, for userID: UUID, at now: Date, on tx: any Database) async throws {
        let query = NotificationModel.query(on: tx).filter(\.$userID == userID).filter(\.$readAt == nil)
        if let id { query.filter(\.$id == id) }
        try await query.set(\.$readAt, to: now).update()
    }

    private static func value(_ model: NotificationModel) -> AppNotification {
        AppNotification(
            id: model.id!, kind: model.kind, textKey: model.textKey,
            values: JSONColumn.decode([String].self, model.values, default: []), link: model.link,
            createdAt: model.createdAt, readAt: model.readAt)
    }
}
