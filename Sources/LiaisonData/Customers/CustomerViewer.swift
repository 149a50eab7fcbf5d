import FluentKit
import Foundation
import LiaisonCore
import SQLKit

/// Who is looking at customer data, for the need-to-know rule.
public struct CustomerViewer: Sendable, Equatable {
    public var userID: UUID
    public var roles: Set<Role>

    public init(userID: UUID, roles: Set<Role>) {
        self.userID = userID
        self.roles = roles
    }

    public var seesEverything: Bool { NeedToKnow.seesEverything(roles) }

    /// An SQL condition on a customer id column and a classification column that keeps only what this viewer
    /// may see: unrestricted records, or records of customers whose account team includes the viewer.
    func visibility(customerColumn: String, classificationColumn: String) -> SQLQueryString {
        if seesEverything { return "1 = 1" }
        return """
            (\(unsafeRaw: classificationColumn) IN ('public', 'internal') OR \(unsafeRaw: customerColumn) IN \
            (SELECT customer_id FROM customer_team WHERE user_id = \(bind: userID)))
            """
    }
}

/// What is known about a customer's confidentiality for one viewer.
public struct CustomerAccess: Sendable, Equatable {
    /// Nil for a request that has no customer yet (its queue decided).
    public var customerID: UUID?
    public var classification: Classification
    public var onTeam: Bool
}

extension CustomerQueries {
    /// The customer's classification and whether the viewer is on its team, or nil when the viewer may not know
    /// the customer exists (or it was deleted).
    public static func access(_ customerID: UUID, for viewer: CustomerViewer, on db: any Database) async throws
        -> CustomerAccess?
    {
        // One statement: this runs before every read of a customer's records.
        guard let row = try await db.sql.raw(
            """
            SELECT c.classification,
                CASE WHEN EXISTS (SELECT 1 FROM customer_team t WHERE t.customer_id = c.id AND t.user_id = \(bind: viewer.userID))
                THEN 1 ELSE 0 END AS on_team
            FROM customers c WHERE c.id = \(bind: customerID) AND c.deleted_at IS NULL
            """
        ).first(decoding: AccessRow.self) else { return nil }
        let classification = Classification(rawValue: row.classification) ?? .secret
        let onTeam = row.on_team != 0
        guard NeedToKnow.canSee(classification, onTeam: onTeam, roles: viewer.roles) else { return nil }
        return CustomerAccess(customerID: customerID, classification: classification, onTeam: onTeam)
    }
}

extension CustomerQueries {
    /// Whether a person other than the one asking may know of a customer, for whatever would tell them: a
    /// notification, an assignment, a mention. The same rule as `access(_:for:)` (unrestricted customers, the
    /// account team, roles that see everything) in one statement. False for an unknown or deleted customer, and for
    /// a portal account (a customer's contact is told of nothing through staff channels).
    public static func mayKnow(_ customerID: UUID, person userID: UUID, on db: any Database) async throws -> Bool {
        let open = Classification.allCases.filter { !$0.isRestricted }.map(\.rawValue)
        let everything = Role.allCases.filter { NeedToKnow.seesEverything([$0]) }.map(\.rawValue)
        let row = try await db.sql.raw(
            """
            SELECT 1 AS known FROM customers c WHERE c.id = \(bind: customerID) AND c.deleted_at IS NULL AND (
                c.classification IN (\(binds: open))
                OR EXISTS (SELECT 1 FROM customer_team t WHERE t.customer_id = c.id AND t.user_id = \(bind: userID))
                OR EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = \(bind: userID) AND r.role IN (\(binds: everything))))
                AND NOT EXISTS (SELECT 1 FROM users p WHERE p.id = \(bind: userID) AND p.contact_id IS NOT NULL)
            """
        ).first()
        return row != nil
    }
}

private struct AccessRow: Decodable {
    var classification: String
    var on_team: Int
}

