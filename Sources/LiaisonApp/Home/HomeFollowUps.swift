import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// The home page's follow-ups: "My commitments" (open ones one owns, soonest due first) and "Nudges" (what calls
/// for one's contact now, found live by `NudgeFinder`, on customers one may still know).
enum HomeFollowUps {
    static func commitments(for person: Person, request: Request) async throws -> [CommitmentRow] {
        let viewer = CustomerViewer(userID: person.id, roles: person.roles)
        let mine = try await CommitmentQueries.list(
            CommitmentFilter(scope: .mine, status: .open, now: request.now), for: viewer, limit: 10, on: request.db)
        return try await CommitmentRow.rows(mine.items, request: request)
    }

    static func nudges(for person: Person, request: Request) async throws -> [WorkItems.Item] {
        let settings = try await SettingsStore.read(on: request.db).followUp
        let found = try await NudgeFinder.find(
            for: person.id, settings: settings, now: request.now, limit: 20, on: request.db)
        var items: [WorkItems.Item] = []
        for nudge in found {
            if let customer = nudge.customerID,
                try await !CustomerQueries.mayKnow(customer, person: person.id, on: request.db)
            {
                continue
            }
            let since = request.format(nudge.since)
            let (text, link): (String, String) =
                switch nudge.kind {
                case .customerQuiet:
                    (request.t("nudge.customerQuiet", nudge.title, since), CustomerRoutes.show.link(nudge.subjectID))
                case .requestWaiting:
                    (request.t("nudge.requestWaiting", nudge.title, since), RequestRoutes.show.link(nudge.subjectID))
                case .commitmentDueTomorrow:
                    (
                        request.t("nudge.commitmentDueTomorrow", nudge.title, since),
                        CommitmentRoutes.page.link() + "?scope=mine#commitment-" + nudge.subjectID.idText
                    )
                case .planOccurrenceDue:
                    (
                        request.t("nudge.planOccurrenceDue", nudge.title, since),
                        CommunicationPlanRoutes.page.link(nudge.projectID ?? nudge.subjectID) + "#occurrence-"
                            + nudge.subjectID.idText
                    )
                }
            items.append(
                WorkItems.Item(
                    text: text, detail: request.t(nudge.kind.labelKey), link: link,
                    urgent: nudge.kind == .requestWaiting))
        }
        return items
    }
}
