import FluentKit
import Foundation
import LiaisonCore
import SQLKit

/// A person's notification settings: per kind where it reaches them, and their quiet hours.
public struct NotificationSettings: Sendable, Equatable {
    public var preferences: [NotificationKind: NotificationPreference]
    public var quietHours: QuietHours?
    /// The person's own time zone, which the quiet hours are read in.
    public var timeZone: String

    public init(preferences: [NotificationKind: NotificationPreference], quietHours: QuietHours?, timeZone: String) {
        self.preferences = preferences
        self.quietHours = quietHours
        self.timeZone = timeZone
    }

    public func preference(_ kind: NotificationKind) -> NotificationPreference {
        preferences[kind] ?? NotificationKind.defaultPreference
    }
}

public enum NotificationPreferences {
    /// One kind's preference for a person (the default when they set none).
    static func preference(of userID: UUID, kind: NotificationKind, on db: any Database) async throws
        -> NotificationPreference
    {
        struct Row: Decodable {
            var in_app: Bool
            var email: Bool
            var chat: Bool
        }
        guard
            let row = try await db.sql.raw(
                """
                SELECT in_app, email, chat FROM notification_preferences
                WHERE user_id = \(bind: userID) AND kind = \(bind: kind.rawValue)
                """
            ).first(decoding: Row.self)
        else { return NotificationKind.defaultPreference }
        return NotificationPreference(inApp: row.in_app, email: row.email, chat: row.chat)
    }

    /// Everything a person has set; nil when there is no such person.
    public static func settings(of userID: UUID, on db: any Database) async throws -> NotificationSettings? {
        struct UserRow: Decodable {
            var time_zone: String
            var quiet_start: Int?
            var quiet_end: Int?
        }
        struct Row: Decodable {
            var kind: String
            var in_app: Bool
            var email: Bool
            var chat: Bool
        }
        guard
            let user = try await db.sql.raw(
                "SELECT time_zone, quiet_start, quiet_end FROM users WHERE id = \(bind: userID)"
            ).first(decoding: UserRow.self)
        else { return nil }
        var preferences: [NotificationKind: NotificationPreference] = [:]
        for row in try await db.sql.raw(
            "SELECT kind, in_app, email, chat FROM notification_preferences WHERE user_id = \(bind: userID)"
        ).all(decoding: Row.self) {
            // A kind this version no longer knows is left alone.
            guard let kind = NotificationKind(rawValue: row.kind) else { continue }
            preferences[kind] = NotificationPreference(inApp: row.in_app, email: row.email, chat: row.chat)
        }
        let quiet = user.quiet_start.flatMap { start in user.quiet_end.flatMap { QuietHours(start: start, end: $0) } }
        return NotificationSettings(preferences: preferences, quietHours: quiet, timeZone: user.time_zone)
    }

    /// Replaces a person's preferences for the kinds given (the others keep theirs) and their quiet hours (nil: none).
    /// Audited as a change of the person's preferences, naming what changed.
    public static func save(
        _ preferences: [NotificationKind: NotificationPreference], quietHours: QuietHours?, for userID: UUID,
        in context: WriteContext, on tx: any Database
    ) async throws {
        guard let before = try await settings(of: userID, on: tx) else { throw DataError.notFound }
        var changes = AuditChanges()
        for kind in NotificationKind.allCases {
            guard let wanted = preferences[kind] else { continue }
            let old = before.preference(kind)
            guard wanted != old else { continue }
            changes.field("notify.\(kind.rawValue)", from: channels(old), to: channels(wanted))
            try await tx.sql.raw(
                """
                INSERT INTO notification_preferences (user_id, kind, in_app, email, chat)
                VALUES (\(bind: userID), \(bind: kind.rawValue), \(bind: wanted.inApp), \(bind: wanted.email), \(bind: wanted.chat))
                ON CONFLICT (user_id, kind) DO UPDATE SET in_app = excluded.in_app, email = excluded.email,
                    chat = excluded.chat
                """
            ).run()
        }
        if quietHours != before.quietHours {
            changes.field("quietHours", from: before.quietHours.map(text), to: quietHours.map(text))
            try await tx.sql.raw(
                """
                UPDATE users SET quiet_start = \(bind: quietHours?.start), quiet_end = \(bind: quietHours?.end)
                WHERE id = \(bind: userID)
                """
            ).run()
        }
        guard !changes.isEmpty else { return }
        try await AuditLog.append(
            .preferencesChanged, recordType: .user, recordID: userID.uuidString, changes: changes,
            by: context.actor, at: context.now, on: tx)
    }

    /// `"inApp,email"`, `"none"`: how a preference reads in the audit trail.
    static func channels(_ preference: NotificationPreference) -> String {
        let on = [("inApp", preference.inApp), ("email", preference.email), ("chat", preference.chat)]
            .filter(\.1).map(\.0)
        return on.isEmpty ? "none" : on.joined(separator: ",")
    }

    static func text(_ quiet: QuietHours) -> String {
        QuietHours.clock(quiet.start) + "–" + QuietHours.clock(quiet.end)
    }
}
