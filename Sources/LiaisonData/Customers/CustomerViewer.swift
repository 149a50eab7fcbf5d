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
    public var customerID: UUID
    public var classification: Classification
    public var onTeam: Bool
}

extension CustomerQueries {
    /// The customer's classification and whether the viewer is on its team, or nil when the viewer may not know
    /// the customer exists (or it was deleted).
    public static func access(_ customerID: UUID, for viewer: CustomerViewer, on db: any Database) async throws
        -> CustomerAccess?
    {
        guard let model = try await CustomerModel.query(on: db).filter(\.$id == customerID)
            .filter(\.$deletedAt == nil).field(\.$id).field(\.$classification).first()
        else { return nil }
        let classification = Classification(rawValue: model.classification) ?? .secret
        let onTeam = try await TeamMemberModel.query(on: db).filter(\.$customerID == customerID)
            .filter(\.$userID == viewer.userID).count() > 0
        guard NeedToKnow.canSee(classification, onTeam: onTeam, roles: viewer.roles) else { return nil }
        return CustomerAccess(customerID: customerID, classification: classification, onTeam: onTeam)
    }
}
