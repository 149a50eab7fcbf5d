import FluentKit
import Foundation
import LiaisonCore
import SQLKit

extension CustomerQueries {
    /// For each of the customers, which of the people may know of it: the rule of `mayKnow(_:person:)` (open
    /// classifications, the account team, roles that see everything) for many customers and people in one
    /// statement. Inactive people, unknown and deleted customers are left out. For the live event streams, which
    /// ask it once for each batch of events against everyone connected.
    public static func knowers(of customerIDs: Set<UUID>, among people: Set<UUID>, on db: any Database) async throws
        -> [UUID: Set<UUID>]
    {
        guard !customerIDs.isEmpty, !people.isEmpty else { return [:] }
        let open = Classification.allCases.filter { !$0.isRestricted }.map(\.rawValue)
        let everything = Role.allCases.filter { NeedToKnow.seesEverything([$0]) }.map(\.rawValue)
        var result: [UUID: Set<UUID>] = [:]
        // Bound parameters stay well under both engines' limits however many are asked about.
        for customers in chunks(of: customerIDs) {
            for chunk in chunks(of: people) {
                let rows = try await db.sql.raw(
                    """
                    SELECT c.id AS customer_id, u.id AS user_id FROM customers c CROSS JOIN users u
                    WHERE c.id IN (\(binds: customers)) AND u.id IN (\(binds: chunk)) AND c.deleted_at IS NULL
                        AND u.active = \(bind: true) AND u.contact_id IS NULL AND (
                        c.classification IN (\(binds: open))
                        OR EXISTS (SELECT 1 FROM customer_team t WHERE t.customer_id = c.id AND t.user_id = u.id)
                        OR EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role IN (\(binds: everything))))
                    """
                ).all()
                for row in rows {
                    result[try row.uuid("customer_id"), default: []].insert(try row.uuid("user_id"))
                }
            }
        }
        return result
    }

    private static func chunks(of ids: Set<UUID>, size: Int = 500) -> [[UUID]] {
        let all = Array(ids)
        return stride(from: 0, to: all.count, by: size).map { Array(all[$0..<min($0 + size, all.count)]) }
    }
}
