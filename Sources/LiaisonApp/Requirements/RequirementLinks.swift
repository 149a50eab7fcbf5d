import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// The requirements panel of a request's or an interaction's page: the requirements taken from it, and the
/// "turn into a requirement" link (a new requirement prefilled from it and linked back). Nil when there is
/// neither (nothing taken from it, and the reader cannot capture requirements).
struct RequirementLinks: Encodable {
    struct Item: Encodable {
        var title: String
        var link: String
        var status: String
        var statusKey: String
    }

    var turnInto: String?
    var items: [Item]
    var hasItems: Bool

    static func make(_ kind: RequirementSourceKind, sourceID: UUID, _ request: Request) async throws
        -> RequirementLinks?
    {
        let person = try request.person
        guard person.can(.requirementsView) else { return nil }
        let taken = try await RequirementQueries.fromSource(sourceID, for: request.viewer, on: request.db)
        let turnInto =
            person.can(.requirementsCapture)
            ? RequirementRoutes.new.link() + "?sourceKind=\(kind.rawValue)&sourceId=\(sourceID.idText)" : nil
        guard turnInto != nil || !taken.isEmpty else { return nil }
        return RequirementLinks(
            turnInto: turnInto,
            items: taken.map {
                Item(
                    title: $0.title, link: RequirementRoutes.show.link($0.id), status: request.t($0.status.labelKey),
                    statusKey: $0.status.rawValue)
            }, hasItems: !taken.isEmpty)
    }

    /// A customer's newest requirements (the reader may see the customer already), and a new requirement for it.
    static func ofCustomer(_ customerID: UUID, _ request: Request) async throws -> RequirementLinks? {
        let person = try request.person
        guard person.can(.requirementsView) else { return nil }
        let newest = try await RequirementQueries.ofCustomer(customerID, limit: 10, on: request.db)
        return RequirementLinks(
            turnInto: person.can(.requirementsCapture)
                ? RequirementRoutes.new.link() + "?customerId=\(customerID.idText)" : nil,
            items: newest.map {
                Item(
                    title: $0.title, link: RequirementRoutes.show.link($0.id), status: request.t($0.status.labelKey),
                    statusKey: $0.status.rawValue)
            }, hasItems: !newest.isEmpty)
    }
}
