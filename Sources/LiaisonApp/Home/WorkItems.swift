import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// The "my work" list on the home page: things that wait for the signed-in person, from live data.
/// Each later capability (follow-ups, requests, reports) adds its own source here.
enum WorkItems {
    struct Item: Encodable {
        var text: String
        var detail: String
        var link: String
        var urgent: Bool
    }

    static func gather(for person: Person, request: Request) async throws -> [Item] {
        var items: [Item] = []
        let now = request.now
        if person.can(.customersView) {
            // Interactions' next steps are commitments: the home page lists them under "My commitments".
            let viewer = CustomerViewer(userID: person.id, roles: person.roles)
            let mine = try await RequestQueries.list(
                RequestFilter(assigneeID: person.id, statuses: [.new, .open]), page: PageQuery(limit: 20), for: viewer, on: request.db)
            let requestCustomers = try await CustomerQueries.names(Set(mine.items.compactMap(\.customerID)), on: request.db)
            for found in mine.items {
                let due = found.nextDueAt
                items.append(
                    Item(
                        text: request.t("work.request", found.numberText, found.customerID.flatMap { requestCustomers[$0] } ?? "", found.subject),
                        detail: due.map { request.t("interactions.due", request.format($0)) } ?? "",
                        link: RequestRoutes.show.link(found.id),
                        urgent: !found.breaches.isEmpty || (due.map { $0 < now } ?? false)))
            }
            let today = LocalDate.of(now, in: request.displayTimeZone)
            for owned in try await TaskQueries.openTasks(ownedBy: person.id, for: viewer, limit: 20, on: request.db) {
                let task = owned.task
                items.append(
                    Item(
                        text: request.t(
                            "task.homeItem", ProjectNumber.format(owned.projectNumber), owned.projectName, task.name),
                        detail: task.dueOn.map { request.t("interactions.due", $0.description) }
                            ?? request.t(task.status.labelKey),
                        link: WorkPlanRoutes.page.link(task.projectID) + "#task-" + task.id.idText,
                        urgent: task.isLate(today: today)))
            }
            // Reports, meetings and reviews of communication plans due within the week.
            let week = now.addingTimeInterval(7 * 86_400)
            for item in try await CommunicationPlanQueries.coming(ownedBy: person.id, for: viewer, limit: 10, on: request.db)
            where item.occurrence.dueAt < week {
                let o = item.occurrence
                items.append(
                    Item(
                        text: request.t(
                            "commplan.homeItem", ProjectNumber.format(item.projectNumber), item.projectName,
                            CommunicationPlanText(request).what(item.content, item.topic)),
                        detail: request.t("interactions.due", request.format(o.dueAt)),
                        link: CommunicationPlanRoutes.page.link(o.projectID) + "#occurrence-" + o.id.idText,
                        urgent: o.dueAt < now.addingTimeInterval(86_400)))
            }
        }
        // Improvement actions one owns that are still to be done, late ones marked.
        if person.can(.staffArea) {
            let today = LocalDate.of(now, in: ReviewWorkflow.zone(request))
            let owned = try await ImprovementQueries.list(
                ImprovementFilter(ownerID: person.id, today: today),
                for: CustomerViewer(userID: person.id, roles: person.roles),
                oversees: false, limit: 50, on: request.db)
            for found in owned.items where found.action.status.isOpen {
                let a = found.action
                items.append(
                    Item(
                        text: request.t("improvement.homeItem", a.numberText, a.title),
                        detail: request.t("interactions.due", a.dueOn.description),
                        link: ImprovementRoutes.page.link() + "?ownerId=me#ia-" + a.id.idText,
                        urgent: a.isOverdue(today: today)))
            }
        }
        let soon = now.addingTimeInterval(14 * 86_400)
        for token in try await APITokenStore.list(userID: person.id, on: request.db) {
            guard token.isUsable(at: now), let expires = token.expiresAt, expires < soon else { continue }
            items.append(
                Item(
                    text: request.t("work.tokenExpiring", token.name), detail: request.format(expires),
                    link: AccountRoutes.tokens.link(), urgent: expires < now.addingTimeInterval(3 * 86_400)))
        }
        if person.can(.peopleManage) {
            for locked in try await PeopleQueries.locked(at: now, on: request.db) {
                items.append(
                    Item(
                        text: request.t("work.accountLocked", locked.name),
                        detail: request.format(locked.lockedUntil), link: PeopleRoutes.show.link(locked.id),
                        urgent: true))
            }
            for waiting in try await PeopleQueries.awaitingFirstSignIn(on: request.db) where waiting.id != person.id {
                items.append(
                    Item(
                        text: request.t("work.awaitingFirstSignIn", waiting.name),
                        detail: request.format(waiting.createdAt), link: PeopleRoutes.show.link(waiting.id),
                        urgent: false))
            }
        }
        if person.can(.systemView), request.appConfig.baseURL?.isEmpty ?? true {
            items.append(
                Item(text: request.t("work.baseURLUnset"), detail: request.t("work.baseURLUnsetDetail"), link: "", urgent: true))
        }
        if person.can(.systemView), let failed = try await JobQueue.counts(on: request.db)[.failed], failed > 0 {
            items.append(
                Item(text: request.t("work.jobsFailed", String(failed)), detail: "", link: "/metrics", urgent: true))
        }
        return items
    }
}
