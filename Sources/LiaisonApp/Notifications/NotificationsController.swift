import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// A person's notification centre: their notifications (mentions, assignments, customers' replies, SLA warnings
/// and breaches, failed deliveries…), marking them read, and where each kind reaches them.
struct NotificationsController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(NotificationRoutes.apiList, use: list)
        routes.on(NotificationRoutes.apiCount, use: count)
        routes.on(NotificationRoutes.apiRead, use: markRead)
        routes.on(NotificationRoutes.apiPreferences, use: preferences)
        routes.on(NotificationRoutes.apiPreferencesUpdate, use: updatePreferences)
        routes.on(NotificationRoutes.page, use: page)
        routes.on(NotificationRoutes.read, use: markReadFromPage)
        routes.on(NotificationRoutes.preferences, use: preferencesPage)
        routes.on(NotificationRoutes.preferencesSubmit, use: submitPreferences)
    }

    // MARK: - The list

    struct ListQuery: Content {
        var unread: String?
        var kind: String?
        var limit: String?
        var cursor: String?

        func parse() throws(ValidationFailure) -> (NotificationFilter, limit: Int) {
            var v = FieldValidator()
            var filter = NotificationFilter()
            switch unread?.nilIfBlank {
            case nil, "false": break
            case "true": filter.unreadOnly = true
            default: v.add("unread", "invalidBoolean")
            }
            filter.kind = v.optionalChoice("kind", kind?.nilIfBlank, as: NotificationKind.self)
            var page = PageQuery()
            do { page = try PageQuery.parse(limit: limit, cursor: cursor) } catch {
                for issue in error.issues { v.add(issue.field, issue.code, issue.values) }
            }
            if let after = page.after {
                // The cursor is the last shown one's time and id.
                if let millis = Int64(after.key), let id = UUID(uuidString: after.id) {
                    filter.before = (Date(timeIntervalSince1970: Double(millis) / 1000), id)
                } else {
                    v.add("cursor", "invalidCursor")
                }
            }
            try v.check()
            return (filter, page.limit)
        }
    }

    /// One page and the cursor that continues it.
    static func load(_ filter: NotificationFilter, limit: Int, request: Request) async throws
        -> (items: [AppNotification], next: String?)
    {
        var items = try await NotificationStore.page(for: request.viewer, filter, limit: limit + 1, on: request.db)
        var next: String?
        if items.count > limit {
            items.removeLast()
            if let last = items.last {
                let millis = Int64((last.createdAt.timeIntervalSince1970 * 1000).rounded(.down))
                next = Cursor(key: String(millis), id: last.id.uuidString).encoded
            }
        }
        return (items, next)
    }

    func list(_ request: Request) async throws -> Response {
        let (filter, limit) = try request.query.decode(ListQuery.self).parse()
        let (items, next) = try await Self.load(filter, limit: limit, request: request)
        return try ListDTO(items: items.map { dto($0, request) }, nextCursor: next).apiResponse(for: request)
    }

    struct CountDTO: Content {
        var unread: Int
    }

    func count(_ request: Request) async throws -> Response {
        let unread = try await NotificationStore.unreadCount(for: request.viewer, cap: 1000, on: request.db)
        return try CountDTO(unread: unread).apiResponse(for: request)
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

    struct PageReadForm: Content {
        var id: String?
        var all: Bool?
        /// The page to go back to (the notification centre or home); only a path of this site.
        var back: String?
    }

    func markReadFromPage(_ request: Request) async throws -> Response {
        let form = try? request.content.decode(PageReadForm.self)
        do {
            _ = try await markRead(request)
        } catch AppError.notFound {
            // Already gone (read elsewhere and tidied away): nothing left to mark.
        }
        let back = form?.back.flatMap { $0.hasPrefix("/") && !$0.hasPrefix("//") && !$0.contains("\\") ? $0 : nil }
        return request.redirect(to: back ?? HomeRoutes.home.link())
    }

    func dto(_ n: AppNotification, _ request: Request) -> NotificationDTO {
        NotificationDTO(
            id: n.id, kind: n.kind, text: Self.text(n, locale: request.locale, catalog: request.catalog),
            link: NotificationLinks.link(to: n.subject),
            createdAt: n.createdAt, readAt: n.readAt)
    }

    /// The notification's sentence in `locale` (an SLA metric's name, a communication plan row's kind translated too).
    static func text(_ n: AppNotification, locale: AppLocale, catalog: Catalog) -> String {
        var values = n.values
        if n.textKey.hasPrefix("notify.sla"), values.count == 3 {
            values[2] = catalog.text("slaMetric.\(values[2])", locale, [])
        }
        // A communication-plan notice carries the row's kind and topic: shown as its topic, else its kind's name.
        if n.textKey.hasPrefix("notify.communication"), values.count == 4 {
            let kind = catalog.text("commplan.content.\(values[1])", locale, [])
            values = [values[0], values[2].isEmpty ? kind : values[2], values[3]]
        }
        return catalog.text(n.textKey, locale, values)
    }

    // MARK: - The page

    func page(_ request: Request) async throws -> Response {
        let query = try request.query.decode(ListQuery.self)
        let (filter, limit): (NotificationFilter, Int)
        do { (filter, limit) = try query.parse() } catch { (filter, limit) = (NotificationFilter(), 50) }
        let (items, next) = try await Self.load(filter, limit: limit, request: request)
        let unread = try await NotificationStore.unreadCount(for: request.viewer, on: request.db)
        var base: [String] = []
        if filter.unreadOnly { base.append("unread=true") }
        if let kind = filter.kind { base.append("kind=" + kind.rawValue) }
        let here = NotificationRoutes.page.link() + (base.isEmpty ? "" : "?" + base.joined(separator: "&"))
        let body = NotificationsPage(
            items: items.map { n in
                NotificationsPage.Item(
                    id: n.id.uuidString, text: Self.text(n, locale: request.locale, catalog: request.catalog),
                    link: NotificationLinks.link(to: n.subject), at: request.format(n.createdAt),
                    kind: NotificationKind(rawValue: n.kind).map { request.t("notificationKind.\($0.rawValue)") } ?? "",
                    unread: n.readAt == nil, urgent: n.kind == NotificationKind.slaBreach.rawValue)
            },
            unreadOnly: filter.unreadOnly,
            kinds: NotificationKind.allCases.map {
                Choice(value: $0.rawValue, label: request.t("notificationKind.\($0.rawValue)"), selected: $0 == filter.kind)
            },
            hasItems: !items.isEmpty, hasUnread: unread > 0,
            summary: unread > 0 ? request.t("notifications.unreadCount", unread > 99 ? "99+" : String(unread))
                : request.t("notifications.allRead"),
            filterAction: NotificationRoutes.page.link(), readAction: NotificationRoutes.read.link(),
            back: here, preferencesLink: NotificationRoutes.preferences.link(),
            nextLink: next.map { here + (base.isEmpty ? "?" : "&") + "cursor=" + $0 })
        return try await request.page("notifications/index", title: request.t("notifications.title"), body)
    }
}
