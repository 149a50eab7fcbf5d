import FluentKit
import Foundation
import SQLKit

/// Notifications remember the customer whose record they are about, so that a reader who may no longer know that
/// customer is not shown them. Existing notifications about requests (their link was `/requests/<id>…` when this
/// migration was written) get their request's customer.
struct AddNotificationCustomer: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("notifications").field("customer_id", .uuid).update()
        let sql = database.sql
        struct Row: Decodable { var id: UUID; var link: String }
        struct Owner: Decodable { var id: UUID; var customer_id: UUID }
        let prefix = "/requests/"
        var after = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
        while true {
            let rows = try await sql.raw(
                """
                SELECT id, link FROM notifications WHERE id > \(bind: after) AND link LIKE '/requests/%'
                ORDER BY id LIMIT 1000
                """
            ).all(decoding: Row.self)
            guard let last = rows.last else { break }
            after = last.id
            var byRequest: [UUID: [UUID]] = [:]
            for row in rows {
                let text = row.link.dropFirst(prefix.count).prefix(36)
                if let request = UUID(uuidString: String(text)) { byRequest[request, default: []].append(row.id) }
            }
            guard !byRequest.isEmpty else { continue }
            let owners = try await sql.raw(
                "SELECT id, customer_id FROM requests WHERE id IN (\(binds: Array(byRequest.keys)))"
            ).all(decoding: Owner.self)
            for owner in owners {
                try await sql.raw(
                    """
                    UPDATE notifications SET customer_id = \(bind: owner.customer_id)
                    WHERE id IN (\(binds: byRequest[owner.id] ?? []))
                    """
                ).run()
            }
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("notifications").deleteField("customer_id").update()
    }
}
