import FluentKit
import Foundation
import SQLKit

/// Notifications name their subject by kind and id instead of a web path: the data layer writes no paths, and the
/// pages decide where a subject is shown. Existing notifications get their subject from their link as it was
/// written when this migration shipped (`/requests/<id>`, `/requests/<id>#m-<message id>`,
/// `/admin/calendars/<id>`); then the link column goes.
struct UpdateNotificationsForSubjects: AsyncMigration {
    static let requestPrefix = "/requests/"
    static let calendarPrefix = "/admin/calendars/"
    static let messageMark = "#m-"

    /// The subject a link of the old form names, or nil.
    static func subject(of link: String) -> (kind: String, id: UUID, message: UUID?)? {
        for (prefix, kind) in [(requestPrefix, "request"), (calendarPrefix, "calendar")] where link.hasPrefix(prefix) {
            let rest = link.dropFirst(prefix.count)
            guard let id = UUID(uuidString: String(rest.prefix(36))) else { return nil }
            let tail = rest.dropFirst(36)
            var message: UUID?
            if kind == "request", tail.hasPrefix(messageMark) {
                message = UUID(uuidString: String(tail.dropFirst(messageMark.count).prefix(36)))
            }
            return (kind, id, message)
        }
        return nil
    }

    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite adds one at a time.
        try await database.schema("notifications").field("subject_kind", .string).update()
        try await database.schema("notifications").field("subject_id", .uuid).update()
        try await database.schema("notifications").field("subject_message_id", .uuid).update()
        let sql = database.sql
        struct Row: Decodable { var id: UUID; var link: String }
        var after = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
        while true {
            let rows = try await sql.raw(
                "SELECT id, link FROM notifications WHERE id > \(bind: after) ORDER BY id LIMIT 1000"
            ).all(decoding: Row.self)
            guard let last = rows.last else { break }
            after = last.id
            for row in rows {
                guard let subject = Self.subject(of: row.link) else { continue }
                try await sql.raw(
                    """
                    UPDATE notifications SET subject_kind = \(bind: subject.kind), subject_id = \(bind: subject.id),
                        subject_message_id = \(bind: subject.message)
                    WHERE id = \(bind: row.id)
                    """
                ).run()
            }
        }
        try await sql.raw("ALTER TABLE notifications DROP COLUMN link").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database.sql
        try await sql.raw("ALTER TABLE notifications ADD COLUMN link TEXT NOT NULL DEFAULT ''").run()
        for column in ["subject_message_id", "subject_id", "subject_kind"] {
            try await sql.raw("ALTER TABLE notifications DROP COLUMN \(ident: column)").run()
        }
    }
}
