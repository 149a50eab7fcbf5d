import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// A person's notifications (mentions, assignments, SLA warnings and breaches).
struct NotificationsController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(NotificationRoutes.apiList, use: list)
        routes.on(NotificationRoutes.apiRead, use: markRead)
        routes.on(NotificationRoutes.read, use: markReadFromPage)
    }

    func list(_ request: Request) async throws -> Response {
        let items = try await NotificationStore.recent(for: request.viewer, on: request.db)
        return try ListDTO(items: items.map { dto($0, request) }, nextCursor: nil).apiResponse(for: request)
    }

    struct ReadBody: Content {
        var id: String?
        var all: Bool?
    }

    /// Marks one notification (`{"id": …}`) or all of them (`{"all": true}`) as read. Anything else is refused:
    /// a mistaken body must not quietly mark everything read.
    func markRead(_ request: Request) async throws -> Response {
        let body = try request.content.decode(ReadBody.self)
        var v = FieldValidator()
        let id = v.reference("id", body.id)
        let all = body.all ?? false
        if v.issues.isEmpty, (id == nil) == !all { v.add("id", "idOrAll") }
        try v.check()
        let person = try request.person.id
        let now = request.now
        if let id {
            let found = try await request.write { tx in try await NotificationStore.markRead(id, for: person, at: now, on: tx) }
            guard found else { throw AppError.notFound }
        } else {
            try await request.write { tx in try await NotificationStore.markAllRead(for: person, at: now, on: tx) }
        }
        return Response(status: .noContent)
    }

    func markReadFromPage(_ request: Request) async throws -> Response {
        do {
            _ = try await markRead(request)
        } catch AppError.notFound {
            // Already gone (read elsewhere and tidied away): nothing left to mark.
        }
        return request.redirect(to: HomeRoutes.home.link())
    }

    func dto(_ n: AppNotification, _ request: Request) -> NotificationDTO {
        var values = n.values
        if n.textKey.hasPrefix("notify.sla"), values.count == 3 { values[2] = request.t("slaMetric.\(values[2])") }
        return NotificationDTO(
            id: n.id, kind: n.kind, text: request.catalog.text(n.textKey, request.locale, values),
            link: NotificationLinks.link(to: n.subject),
            createdAt: n.createdAt, readAt: n.readAt)
    }
}
