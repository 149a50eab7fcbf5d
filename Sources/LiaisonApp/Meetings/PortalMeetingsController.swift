import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// The minutes a customer was given (`/portal/meetings`): its own customer's held meetings whose minutes are marked
/// shared, newest first, with their decisions; never an internal meeting, another customer's, or unshared minutes.
struct PortalMeetingsController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(MeetingRoutes.portalList, use: list)
    }

    struct ListPage: Encodable {
        struct Item: Encodable {
            var title: String
            var when: String
            var kind: String
            var minutes: String
            var decisions: String
        }

        var items: [Item]
        var hasItems: Bool
    }

    func list(_ request: Request) async throws -> Response {
        let viewer = try await PortalWorkflow.viewer(request)
        let meetings = try await MeetingQueries.sharedMinutes(customerID: viewer.customerID, limit: 100, on: request.db)
        let items = meetings.map {
            ListPage.Item(
                title: $0.title, when: $0.whenText, kind: request.t($0.kind.labelKey), minutes: $0.minutes ?? "",
                decisions: $0.decisions ?? "")
        }
        return try await request.page(
            "portal/meetings", title: request.t("portal.meetings.title"), ListPage(items: items, hasItems: !items.isEmpty))
    }
}
